import Foundation
import PackagePlugin

/// Compiles the package's `Exercises/` folder into the target that uses this plugin.
///
/// Every `.yaml`/`.yml` file under `Exercises/` (hidden folders excepted) becomes a string
/// literal in a generated Swift file, so the shipped library travels inside the binary: a
/// copied `roundtable` needs no files beside it, and the library can never be out of date
/// with the checkout it was built from. Adding, removing or editing a file re-runs the
/// generator on the next build.
@main
struct EmbedLibraryPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let library = context.package.directoryURL.appending(path: "Exercises")
        let files = Self.yamlFiles(under: library)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedExercises.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(files.count) exercise files from Exercises/",
                executable: try context.tool(named: "EmbedLibraryTool").url,
                arguments: [output.path, library.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output]),
        ]
    }

    /// YAML files under `folder`, sorted, skipping hidden files and folders (as the library does).
    static func yamlFiles(under folder: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in enumerator where ["yaml", "yml"].contains(url.pathExtension.lowercased()) {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }
}
