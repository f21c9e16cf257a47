// swift-tools-version: 6.0
// The runner benchmarks: timer accuracy against absolute deadlines, runner overhead and
// growth, driven through the real loader, planner and `Runner` of the root package.
import PackageDescription

let package = Package(
    name: "TimerAccuracy",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Roundtable", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "TimerAccuracy",
            dependencies: [
                .product(name: "RoundtableKit", package: "Roundtable"),
                .product(name: "BuiltInHandlers", package: "Roundtable"),
                .product(name: "RoundtableCLI", package: "Roundtable"),
                .product(name: "RoundtableTesting", package: "Roundtable"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
