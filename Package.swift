// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "VendorSync",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "vendorsync", targets: ["vendorsync"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // Braze segment exports arrive as ZIP archives (deflate through the system zlib on Linux).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Pure domain: no I/O, imports nothing of ours.
        .target(name: "SyncCore", path: "Sources/SyncCore"),
        // The connector boundary and the one shared HTTP layer.
        .target(
            name: "ConnectorKit",
            dependencies: [
                "SyncCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                // NIOConnectionError (a refused or unresolvable connection) lives here; AsyncHTTPClient uses it.
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/ConnectorKit"
        ),
        .target(
            name: "SyncStore",
            dependencies: ["SyncCore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Sources/SyncStore"
        ),
        .target(
            name: "SyncEngine",
            dependencies: ["SyncCore", "ConnectorKit", "SyncStore", .product(name: "Logging", package: "swift-log")],
            path: "Sources/SyncEngine"
        ),
        .target(
            name: "SandboxKit",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/SandboxKit"
        ),
        .target(
            name: "HubSpotConnector",
            dependencies: ["SyncCore", "ConnectorKit", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")],
            path: "connectors/hubspot/Connector"
        ),
        .target(
            name: "HubSpotSandbox",
            dependencies: ["SandboxKit", .product(name: "Hummingbird", package: "hummingbird")],
            path: "connectors/hubspot/Sandbox"
        ),
        .target(
            name: "BrazeConnector",
            dependencies: [
                "SyncCore", "ConnectorKit", .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "connectors/braze/Connector"
        ),
        .target(
            name: "BrazeSandbox",
            dependencies: [
                "SandboxKit", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "connectors/braze/Sandbox"
        ),
        .target(
            name: "SFMCConnector",
            dependencies: ["SyncCore", "ConnectorKit", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log")],
            path: "connectors/sfmc/Connector"
        ),
        .target(
            name: "SFMCSandbox",
            dependencies: ["SandboxKit", .product(name: "Hummingbird", package: "hummingbird")],
            path: "connectors/sfmc/Sandbox"
        ),
        // The long-running form: pollers, drainer, health/metrics/webhook listener, systemd notify.
        .target(
            name: "VendorSyncDaemon",
            dependencies: [
                "SyncCore", "ConnectorKit", "SyncStore", "SyncEngine",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/VendorSyncDaemon"
        ),
        // Composition root and CLI commands, kept in a library so tests can drive them in-process.
        .target(
            name: "VendorSyncApp",
            dependencies: [
                "SyncCore", "ConnectorKit", "SyncStore", "SyncEngine", "SandboxKit",
                "HubSpotConnector", "HubSpotSandbox", "BrazeConnector", "BrazeSandbox", "SFMCConnector", "SFMCSandbox",
                "VendorSyncDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/VendorSyncApp"
        ),
        .executableTarget(
            name: "vendorsync-bench",
            dependencies: [
                "VendorSyncApp", "SyncEngine", "SyncStore", "SyncCore", "ConnectorKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/Harness"
        ),
        .executableTarget(
            name: "vendorsync",
            dependencies: ["VendorSyncApp", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/vendorsync"
        ),

        // Test support shared by the connector test targets: the connector conformance suite, log capture and a
        // loopback client for the sandboxes.
        .target(
            name: "ConnectorTestKit",
            dependencies: ["ConnectorKit", "SyncCore", "SandboxKit", .product(name: "Logging", package: "swift-log")],
            path: "Tests/ConnectorTestKit"
        ),
        .testTarget(name: "SyncCoreTests", dependencies: ["SyncCore"], path: "Tests/SyncCoreTests"),
        .testTarget(
            name: "ConnectorKitTests",
            dependencies: ["ConnectorKit", "SandboxKit", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "Tests/ConnectorKitTests"
        ),
        .testTarget(name: "SyncStoreTests", dependencies: ["SyncStore", "SyncCore"], path: "Tests/SyncStoreTests"),
        .testTarget(
            name: "SyncEngineTests",
            dependencies: ["SyncEngine", "SyncStore", "SyncCore", "ConnectorKit", "ConnectorTestKit"],
            path: "Tests/SyncEngineTests"
        ),
        .testTarget(
            name: "HubSpotTests",
            dependencies: ["ConnectorTestKit", .product(name: "Logging", package: "swift-log"), "HubSpotConnector", "HubSpotSandbox", "ConnectorKit", "SyncCore", "SandboxKit"],
            path: "Tests/HubSpotTests"
        ),
        .testTarget(
            name: "BrazeTests",
            dependencies: [
                "ConnectorTestKit", .product(name: "Logging", package: "swift-log"), "BrazeConnector", "BrazeSandbox",
                "ConnectorKit", "SyncCore", "SandboxKit", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "Tests/BrazeTests"
        ),
        .testTarget(
            name: "SFMCTests",
            dependencies: ["ConnectorTestKit", .product(name: "Logging", package: "swift-log"), "SFMCConnector", "SFMCSandbox", "ConnectorKit", "SyncCore", "SandboxKit"],
            path: "Tests/SFMCTests"
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "VendorSyncDaemon", "SyncEngine", "SyncStore", "SyncCore", "ConnectorKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/DaemonTests"
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "VendorSyncApp", "SyncStore", "SyncCore", "SyncEngine", "ConnectorKit", "ConnectorTestKit", "HubSpotConnector",
                "HubSpotSandbox", "BrazeConnector", "BrazeSandbox", "SandboxKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Tests/EndToEndTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
