import RoundtableKit

/// YAML text with expected diagnostic spots marked by `‸`, the marks removed.
///
/// Location tests put the marker just before the character a diagnostic should point at;
/// the loader sees the text without it. Lines and columns are 1-based and count Unicode
/// scalars, as ``SourceLocation`` does. Several markers give several spots, in text order.
///
/// ```swift
/// let yaml = try MarkedYAML("""
///     id: x
///     ‸tittle: X
///     """)
/// // yaml.text has no marker; yaml.line == 2, yaml.column == 1
/// ```
struct MarkedYAML {
    static let marker: Unicode.Scalar = "‸"

    /// A marked spot.
    struct Spot: Hashable, CustomStringConvertible {
        var line: Int
        var column: Int

        var description: String { "\(line):\(column)" }
    }

    /// The test text has no marker at all: a mistake in the test, not in the loader.
    struct NoMarker: Error, CustomStringConvertible {
        var description: String { "the YAML text has no ‸ marker" }
    }

    let text: String
    /// Every marked spot, in text order.
    let spots: [Spot]

    /// Line of the first marked spot.
    var line: Int { spots[0].line }
    /// Column of the first marked spot.
    var column: Int { spots[0].column }

    /// Strips every marker from `marked` and records where each one was.
    ///
    /// - Throws: ``NoMarker`` when `marked` holds no marker.
    init(_ marked: String) throws(NoMarker) {
        var scalars = String.UnicodeScalarView()
        var spots: [Spot] = []
        var line = 1, column = 1
        for scalar in marked.unicodeScalars {
            if scalar == Self.marker {
                spots.append(Spot(line: line, column: column))
                continue
            }
            scalars.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        guard !spots.isEmpty else { throw NoMarker() }
        self.text = String(scalars)
        self.spots = spots
    }

    /// The first spot as a location in `file`.
    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// Every spot as a location in `file`.
    func locations(in file: String) -> [SourceLocation] {
        spots.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }
}

extension SourceLocation {
    /// This location as a marked spot, for comparing with ``MarkedYAML/spots``.
    var spot: MarkedYAML.Spot { MarkedYAML.Spot(line: line, column: column) }
}
