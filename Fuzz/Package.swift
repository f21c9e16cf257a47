// swift-tools-version: 6.0
// Fuzzing the exercise loader (YAMLSource, Loader, Planner) and the session journal
// (Journal, Runner replay, JournalWriter) of the root package.
//
//   journal-fuzz  a seeded mutation fuzzer of journals (JournalCheck), used by CI:
//                 swift run -c release --scratch-path ../.build-fuzz journal-fuzz --seconds 25
//
// Two drivers share one check (LoaderCheck):
//   loader-fuzz   a seeded, structure-aware mutation fuzzer; runs anywhere, used by CI:
//                 swift run -c release --scratch-path ../.build-bench-fuzzprop loader-fuzz --seconds 60
//   LoaderFuzzer  a libFuzzer target with AddressSanitizer (see Fuzz/run-libfuzzer.sh):
//                 swift build -c debug --product LoaderFuzzer -Xswiftc -sanitize=fuzzer,address \
//                   -Xswiftc -parse-as-library --scratch-path ../.build-bench-fuzz
import PackageDescription

let package = Package(
    name: "RoundtableFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Roundtable", path: ".."),
    ],
    targets: [
        .target(
            name: "LoaderCheck",
            dependencies: [
                .product(name: "RoundtableKit", package: "Roundtable"),
                .product(name: "BuiltInHandlers", package: "Roundtable"),
            ]
        ),
        .target(
            name: "JournalCheck",
            dependencies: [
                .product(name: "RoundtableKit", package: "Roundtable"),
                .product(name: "BuiltInHandlers", package: "Roundtable"),
            ]
        ),
        .executableTarget(name: "LoaderFuzzer", dependencies: ["LoaderCheck"]),
        .executableTarget(
            name: "journal-fuzz",
            dependencies: ["JournalCheck", .product(name: "RoundtableKit", package: "Roundtable")]
        ),
        .executableTarget(
            name: "loader-fuzz",
            dependencies: ["LoaderCheck", .product(name: "RoundtableKit", package: "Roundtable")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
