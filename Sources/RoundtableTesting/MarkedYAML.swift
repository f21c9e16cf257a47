import RoundtableKit

/// YAML text with expected diagnostic spots marked by `‸`, the marks removed.
///
/// For handler tests: put `‸` where a config error should point, load `text`, and compare
/// the diagnostic's line and column with ``line`` and ``column``.
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
public struct MarkedYAML: Sendable {
    public static let marker: Unicode.Scalar = "‸"

    /// A marked spot.
    public struct Spot: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int

        public init(line: Int, column: Int) {
            self.line = line
            self.column = column
        }

        public var description: String { "\(line):\(column)" }
    }

    /// The test text has no marker at all: a mistake in the test, not in the loader.
    public struct NoMarker: Error, CustomStringConvertible {
        public var description: String { "the YAML text has no ‸ marker" }
    }

    public let text: String
    /// Every marked spot, in text order.
    public let spots: [Spot]

    /// Line of the first marked spot.
    public var line: Int { spots[0].line }
    /// Column of the first marked spot.
    public var column: Int { spots[0].column }

    /// Strips every marker from `marked` and records where each one was.
    ///
    /// - Throws: ``NoMarker`` when `marked` holds no marker.
    public init(_ marked: String) throws(NoMarker) {
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
    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// Every spot as a location in `file`.
    public func locations(in file: String) -> [SourceLocation] {
        spots.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }
}

extension SourceLocation {
    /// This location as a marked spot, for comparing with ``MarkedYAML/spots``.
    public var spot: MarkedYAML.Spot { MarkedYAML.Spot(line: line, column: column) }
}
