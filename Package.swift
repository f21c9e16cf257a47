// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Roundtable",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "RoundtableSDK", targets: ["RoundtableSDK"]),
        .library(name: "RoundtableKit", targets: ["RoundtableKit"]),
        .library(name: "RoundtableCLI", targets: ["RoundtableCLI"]),
        .library(name: "BuiltInHandlers", targets: ["BuiltInHandlers"]),
        .library(name: "BuiltInLibrary", targets: ["BuiltInLibrary"]),
        .library(name: "RoundtableTesting", targets: ["RoundtableTesting"]),
        .executable(name: "roundtable", targets: ["roundtable"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/pointfreeco/swift-clocks", from: "1.1.1"),
        .package(url: "https://github.com/pointfreeco/swift-concurrency-extras", from: "1.4.3"),
        // The join server's HTTP + WebSocket (RoundtableJoin only): no dependencies of its own,
        // ~40 s to build in release and ~4 MB, where Hummingbird takes minutes and ~40 MB.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // What a handler may use, and nothing else: handler modules under Plugins/ depend
        // on this target alone, so the compiler says what a handler may touch.
        .target(
            name: "RoundtableSDK",
            swiftSettings: strict
        ),
        // libyaml from the system: the loader reads libyaml's events directly, so that
        // alias expansion and repeated keys are checked as they come.
        .systemLibrary(
            name: "CLibYAML",
            path: "Sources/CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The engine: load, bind, plan, run, record, report. No terminal, no network.
        .target(
            name: "RoundtableKit",
            dependencies: ["RoundtableSDK", "CLibYAML"],
            swiftSettings: strict
        ),
        .target(
            name: "Rounds",
            dependencies: ["RoundtableSDK"],
            path: "Plugins/Rounds",
            swiftSettings: strict
        ),
        .target(
            name: "Brainstorm",
            dependencies: ["RoundtableSDK"],
            path: "Plugins/Brainstorm",
            swiftSettings: strict
        ),
        .target(
            name: "Voting",
            dependencies: ["RoundtableSDK"],
            path: "Plugins/Voting",
            swiftSettings: strict
        ),
        .target(
            name: "Decisions",
            dependencies: ["RoundtableSDK"],
            path: "Plugins/Decisions",
            swiftSettings: strict
        ),
        .target(
            name: "Retrospective",
            dependencies: ["RoundtableSDK"],
            path: "Plugins/Retrospective",
            swiftSettings: strict
        ),
        .target(
            name: "BuiltInHandlers",
            dependencies: ["RoundtableKit", "Rounds", "Brainstorm", "Voting", "Decisions", "Retrospective"],
            swiftSettings: strict
        ),
        // The shipped exercise library, compiled into the binary from Exercises/ at build time.
        .executableTarget(
            name: "EmbedLibraryTool",
            path: "BuildTools/EmbedLibraryTool",
            swiftSettings: strict
        ),
        .plugin(
            name: "EmbedLibrary",
            capability: .buildTool(),
            dependencies: ["EmbedLibraryTool"],
            path: "BuildTools/EmbedLibraryPlugin"
        ),
        .target(
            name: "BuiltInLibrary",
            dependencies: ["RoundtableKit"],
            swiftSettings: strict,
            plugins: ["EmbedLibrary"]
        ),
        // QR codes for the join address, from the system's libqrencode.
        .systemLibrary(
            name: "CQRencode",
            path: "Sources/CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),
        // Participants' devices join a running session: HTTP + WebSocket, one embedded page.
        // The engine does not depend on it; only the CLI does. FlyingSocks (FlyingFox's socket
        // layer) gives non-blocking sockets on epoll; the little HTTP and WebSocket the page
        // needs is ours, so that every size is checked before anything is read.
        .target(
            name: "RoundtableJoin",
            dependencies: [
                "RoundtableKit", "CQRencode",
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RoundtableCLI",
            dependencies: [
                "RoundtableKit",
                "RoundtableJoin",
                "BuiltInLibrary",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RoundtableTesting",
            dependencies: [
                "RoundtableKit",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "ConcurrencyExtras", package: "swift-concurrency-extras"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "roundtable",
            dependencies: ["RoundtableCLI", "BuiltInHandlers"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoundtableKitTests",
            dependencies: [
                "RoundtableKit", "BuiltInHandlers", "RoundtableTesting",
                .product(name: "Clocks", package: "swift-clocks"),
                .product(name: "ConcurrencyExtras", package: "swift-concurrency-extras"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PluginTests",
            dependencies: ["RoundtableKit", "RoundtableTesting", "BuiltInHandlers", "Voting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoundtableJoinTests",
            dependencies: ["RoundtableJoin", "RoundtableKit", "BuiltInHandlers", "RoundtableSDK", "RoundtableTesting",
                           .product(name: "FlyingSocks", package: "FlyingFox")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RoundtableCLITests",
            dependencies: ["RoundtableCLI", "BuiltInHandlers", "BuiltInLibrary", "RoundtableTesting", "RoundtableJoin"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
