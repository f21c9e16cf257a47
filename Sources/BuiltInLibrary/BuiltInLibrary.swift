import RoundtableKit

/// The exercise library that ships inside `roundtable`: every file of `Exercises/`.
///
/// The files are compiled in at build time (the EmbedLibrary build plugin turns each one into
/// a string literal), so the binary needs nothing beside it. They are addressed by pseudo
/// paths under `builtin:`, e.g. `builtin:rounds/check-in-round.yaml`, in `roundtable list`,
/// `show` and every diagnostic. Folders of your own (`./Exercises`, `ROUNDTABLE_PATH`,
/// `--library`) add to it and may override its ids.
///
/// ```swift
/// let library = Library(roots: [], embedded: BuiltInLibrary.files, loader: loader)
/// ```
public enum BuiltInLibrary {
    /// The embedded files, sorted by path.
    public static var files: [Library.EmbeddedFile] { generated }
}
