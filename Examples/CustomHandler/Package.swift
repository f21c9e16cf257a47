// swift-tools-version: 6.0
import PackageDescription

// A Roundtable build with one extra handler module, `Kudos`. Outside this repository,
// depend on Roundtable by URL instead of `path:`, with `name: "Roundtable"` kept the same.
let package = Package(
    name: "CustomHandler",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Roundtable", path: "../.."),
    ],
    targets: [
        .target(
            name: "Kudos",
            // A handler module sees the handler SDK alone, never the engine.
            dependencies: [.product(name: "RoundtableSDK", package: "Roundtable")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .executableTarget(
            name: "my-roundtable",
            dependencies: [
                "Kudos",
                .product(name: "RoundtableCLI", package: "Roundtable"),
                .product(name: "BuiltInHandlers", package: "Roundtable"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "KudosTests",
            dependencies: [
                "Kudos",
                .product(name: "RoundtableSDK", package: "Roundtable"),
                .product(name: "RoundtableTesting", package: "Roundtable"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
