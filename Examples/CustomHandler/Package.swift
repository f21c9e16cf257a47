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
            dependencies: [.product(name: "RoundtableKit", package: "Roundtable")],
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
                .product(name: "RoundtableKit", package: "Roundtable"),
                .product(name: "RoundtableTesting", package: "Roundtable"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
