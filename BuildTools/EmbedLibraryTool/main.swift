import Foundation

// Writes a Swift file holding the given exercise files as string literals.
//
// Usage: EmbedLibraryTool OUTPUT.swift LIBRARY-FOLDER FILE...
// Each file is addressed by its path relative to LIBRARY-FOLDER (`rounds/check-in-round.yaml`).
// Run by the EmbedLibrary build plugin; a file that is not UTF-8 fails the build, naming it.

/// `text` as a Swift string literal: quotes, backslashes and control characters escaped.
func literal(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: EmbedLibraryTool OUTPUT.swift LIBRARY-FOLDER FILE...\n".utf8))
    exit(64)
}
let output = arguments[1]
let root = URL(fileURLWithPath: arguments[2]).standardizedFileURL.path
var source = """
    // Generated at build time by the EmbedLibrary plugin from the package's Exercises/ folder.
    // Do not edit: change the files under Exercises/ and build again.
    import RoundtableKit

    extension BuiltInLibrary {
        static let generated: [Library.EmbeddedFile] = [

    """
for path in arguments.dropFirst(3) {
    let file = URL(fileURLWithPath: path).standardizedFileURL.path
    guard file.hasPrefix(root + "/") else {
        FileHandle.standardError.write(Data("\(path): error: not inside \(root)\n".utf8))
        exit(65)
    }
    guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        FileHandle.standardError.write(Data("\(path):1:1: error: cannot be embedded: not readable as UTF-8\n".utf8))
        exit(65)
    }
    let relative = String(file.dropFirst(root.count + 1))
    source += "        Library.EmbeddedFile(path: \(literal(relative)), text: \(literal(text))),\n"
}
source += "    ]\n}\n"
do {
    // Unchanged output keeps its timestamp, so the target is not recompiled for nothing.
    if FileManager.default.contents(atPath: output) != Data(source.utf8) {
        try source.write(toFile: output, atomically: true, encoding: .utf8)
    }
} catch {
    FileHandle.standardError.write(Data("\(output): error: cannot write: \(error.localizedDescription)\n".utf8))
    exit(73)
}
