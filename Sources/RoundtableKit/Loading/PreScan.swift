/// A linear scan before libyaml runs: the composer recurses per nesting level (and libyaml
/// keeps a stack entry per level, with no cap of its own), and the composer hashes every key in full, so pathological nesting, alias counts and
/// keys that could hold aliases are refused here, with a location.
///
/// Keys are the reason for the last rule: an alias used as a key (`*big: x`, `? *big`,
/// `[*big]: x`) is expanded and hashed before any value limit applies, so a 600-byte
/// ladder of aliases would keep the composer busy for hours. Exercise files only need
/// plain or quoted keys, so explicit keys (`? `), alias keys and list or mapping keys
/// are refused outright. Block scalars (`|`, `>`) are prose: their lines are skipped.
enum PreScan {
    static func check(_ text: String, limits: YAMLSource.Limits, file: String) -> Diagnostic? {
        let maxFlow = limits.maxDepth * 2
        var line = 1, column = 0
        var flowDepth = 0
        var aliases = 0
        var quote: Unicode.Scalar?
        var atNodeStart = true
        var lineStart = true
        var indicatorChain = 0
        var previous: Unicode.Scalar = "\n"
        var inComment = false
        // Inside an anchor (&name) or tag (!tag): the node it belongs to has not started yet.
        var inProperty = false
        var escaped = false
        // Leading spaces of the current line, while they are being counted.
        var indent = 0, countingIndent = true
        // 0-based column where the latest key or list item of this line starts.
        var nodeColumn = 0
        // A block scalar: set on its `|`/`>` line, in force from the next line; lines
        // indented deeper than the key or dash that owns it are its text.
        var blockPending: Int?, blockIndent: Int?, inBlockText = false
        // Key checks: a `?` at a node start, an alias name being read, and the places where
        // an alias or a flow collection just ended (a `:` right after makes it a key).
        var question: SourceLocation?
        var inAliasName = false
        var keyCandidate: (location: SourceLocation, what: String)?

        func keyProblem(_ what: String, at location: SourceLocation) -> Diagnostic {
            .error(.unsupportedKey, "\(what) cannot be a key here", at: location,
                   hint: "write keys as plain words or quoted text, e.g. `title: ...`")
        }

        // Every character that matters here is ASCII, so bytes are read as scalars (a byte of
        // a multi-byte character reads as some non-ASCII scalar, which is all that matters);
        // columns count characters, not continuation bytes.
        var here: SourceLocation { SourceLocation(file: file, line: line, column: column) }
        for byte in text.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte & 0xC0 != 0x80 { column += 1 }
            defer { previous = scalar }
            if let location = question {
                question = nil
                if scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" {
                    return .error(.unsupportedKey, "explicit keys (`? key`) are not supported", at: location,
                                  hint: "write `key: value` on one line")
                }
            }
            if scalar == "\n" {
                line += 1; column = 0
                lineStart = true; atNodeStart = true; indicatorChain = 0; inComment = false; inProperty = false
                escaped = false; inAliasName = false; keyCandidate = nil
                indent = 0; countingIndent = true; inBlockText = false; nodeColumn = 0
                if let pending = blockPending, quote == nil { blockIndent = pending; blockPending = nil }
                if quote == "'" || quote == "\"" { atNodeStart = false }
                continue
            }
            if inBlockText { continue }
            if countingIndent {
                if scalar == " " { indent += 1; continue }
                if scalar == "\t" || scalar == "\r" { continue }
                countingIndent = false
                if let threshold = blockIndent {
                    if indent > threshold { inBlockText = true; continue }
                    blockIndent = nil
                }
            }
            if inComment { continue }
            if let open = quote {
                if escaped {
                    escaped = false
                } else if open == "\"" && scalar == "\\" {
                    escaped = true
                } else if scalar == open {
                    quote = nil
                }
                continue
            }
            if inAliasName {
                // libyaml's anchor names: ASCII letters, digits, '-' and '_'.
                let isNameCharacter = (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
                    || scalar == "-" || scalar == "_"
                if isNameCharacter { continue }
                inAliasName = false
            }
            if let candidate = keyCandidate, scalar != " ", scalar != "\t" {
                keyCandidate = nil
                if scalar == ":" { return keyProblem(candidate.what, at: candidate.location) }
            }
            if inProperty {
                if scalar == " " { inProperty = false; continue }
                guard scalar == "," || scalar == "]" || scalar == "}" else { continue }
                inProperty = false
            }
            if scalar == " " {
                continue
            }
            if scalar == "#" && (previous == " " || previous == "\n" || previous == "\t" || lineStart) {
                inComment = true
                continue
            }
            if atNodeStart {
                switch scalar {
                case "&", "!":
                    inProperty = true
                    lineStart = false
                    continue
                case "\"", "'":
                    quote = scalar
                    atNodeStart = false
                    lineStart = false
                    nodeColumn = column - 1
                    continue
                case "[", "{":
                    flowDepth += 1
                    if flowDepth > maxFlow {
                        return .error(.nestingTooDeep, "brackets are nested more than \(maxFlow) deep", at: here,
                                      hint: "exercise files need only a few levels; flatten this structure")
                    }
                    continue
                case "-", "?":
                    indicatorChain += 1
                    if indicatorChain > maxFlow {
                        return .error(.nestingTooDeep, "list items are nested more than \(maxFlow) deep on one line", at: here,
                                      hint: "exercise files need only a few levels; flatten this structure")
                    }
                    if scalar == "?" { question = here }
                    nodeColumn = column - 1
                    lineStart = false
                    continue
                case "*":
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return .error(.tooManyAliases, "more than \(limits.maxAliases) aliases (*name) in one file", at: here,
                                      hint: "write the values out; aliases can multiply a small file into a huge one")
                    }
                    inAliasName = true
                    keyCandidate = (here, "an alias (*name)")
                    atNodeStart = false
                    lineStart = false
                    continue
                case "|", ">":
                    if flowDepth == 0 { blockPending = nodeColumn }
                default:
                    nodeColumn = column - 1
                }
            }
            lineStart = false
            switch scalar {
            case "]", "}":
                if flowDepth > 0 { keyCandidate = (here, scalar == "]" ? "a list" : "a mapping") }
                flowDepth = max(0, flowDepth - 1)
                atNodeStart = false
            case ",":
                atNodeStart = flowDepth > 0
            case ":":
                atNodeStart = true
            default:
                atNodeStart = false
            }
        }
        if let location = question {
            return .error(.unsupportedKey, "explicit keys (`? key`) are not supported", at: location, hint: "write `key: value` on one line")
        }
        return nil
    }
}
