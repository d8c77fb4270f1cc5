// swift-tools-version: 6.1
import Foundation
import PackageDescription

/// Settings every target shares: strict imports and explicit existentials, as the anchors do.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "cordum-packs",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "packctl", targets: ["packctl"]),
        .library(name: "PackFormat", targets: ["PackFormat"]),
        .library(name: "PolicyKernel", targets: ["PolicyKernel"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .library(name: "WorkflowEngine", targets: ["WorkflowEngine"]),
        .library(name: "CAP", targets: ["CAP"]),
        .library(name: "WorkerKit", targets: ["WorkerKit"]),
        .library(name: "Bundler", targets: ["Bundler"]),
        .library(name: "PackHost", targets: ["PackHost"]),
        .library(name: "StructuredData", targets: ["StructuredData"]),
        .library(name: "APIContracts", targets: ["APIContracts"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        // OTLP over HTTP only: the gRPC exporter would add gRPC to every build for nothing a user here needs.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        // JSON and YAML values with source positions, and Go-compatible canonical JSON.
        .target(
            name: "StructuredData",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // JSON Schema validation: draft-04, draft-06, draft-07, 2019-09 and 2020-12.
        .target(name: "JSONSchema", dependencies: ["StructuredData"], swiftSettings: swiftSettings),
        // Swagger 2.0 / OpenAPI 3.0 / 3.1 documents: operations, request and response validation, contract checks.
        .target(name: "APIContracts", dependencies: ["StructuredData", "JSONSchema"], swiftSettings: swiftSettings),
        // zlib, for gzip.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // tar.gz reading (with limits and path safety) and deterministic writing.
        .target(name: "TarArchive", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        // pack.yaml, overlays, workflows, schemas: models, loading, Cordum's installer rules.
        .target(
            name: "PackFormat",
            dependencies: ["StructuredData", "TarArchive"],
            swiftSettings: swiftSettings
        ),
        // Policy documents, merge, compiled evaluation, explain.
        .target(
            name: "PolicyKernel",
            dependencies: ["StructuredData", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Policy simulations and the decision-coverage matrix over loaded packs.
        .target(
            name: "PackVerification",
            dependencies: ["PackFormat", "PolicyKernel", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        // The topics table of a pack and the files generated from it (output schemas, overlays, simulations).
        .target(name: "PackAssets", dependencies: ["StructuredData"], swiftSettings: swiftSettings),
        // The Standard Pack Pattern as named rules.
        .target(
            name: "PackLint",
            dependencies: [
                "PackFormat", "PackAssets", "PolicyKernel", "PackVerification", "JSONSchema", "StructuredData",
            ],
            swiftSettings: swiftSettings
        ),
        // Reproducible bundles, catalog.json, Ed25519 signatures.
        .target(
            name: "Bundler",
            dependencies: [
                "PackFormat", "PackLint", "PackVerification", "PolicyKernel", "TarArchive", "StructuredData",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The governance diff between two versions of a pack.
        .target(
            name: "GovernanceDiff",
            dependencies: ["PackFormat", "PolicyKernel", "PackVerification", "JSONSchema", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        // `packctl new`: a pack skeleton that passes lint and test unchanged.
        .target(name: "PackScaffold", dependencies: ["PackFormat", "PackAssets"], swiftSettings: swiftSettings),
        // Workflow model, expressions, the pure run state machine, and the durable SQLite runner.
        .target(
            name: "WorkflowEngine",
            dependencies: [
                "StructuredData", "JSONSchema",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // CAP wire layer: cordum.agent.v1 protobuf types (generated, Sources/CAP/Generated), NATS and Redis clients.
        .target(
            name: "CAP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            swiftSettings: swiftSettings
        ),
        // Worker runtime: handlers, the CAP transport (jobs, results, progress, heartbeats, cancel, drain),
        // configuration from the environment, secret scrubbing, vendor HTTP, child processes.
        .target(
            name: "Telemetry",
            dependencies: [
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "WorkerKit",
            dependencies: [
                "CAP", "StructuredData", "JSONSchema", "Telemetry",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        // The one-endpoint HTTP listener vendors call back on (chat approvals); Hummingbird, outside WorkerKit.
        .target(
            name: "CallbackListener",
            dependencies: [
                "StructuredData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // What every vendor emulator shares: a loopback Hummingbird server, state, request log, fault injection,
        // authenticated callers, rate limits, request ids, seed/reset, body reading, JWT verification, paging.
        .target(
            name: "EmulatorKit",
            dependencies: [
                "StructuredData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // The web console's page, style sheet and script (hand-written; served by the host at `/`).
        .target(
            name: "HostConsole",
            exclude: ["Assets"],
            swiftSettings: swiftSettings,
            plugins: ["EmbedAssetsPlugin"]
        ),
        // The pack host: store, installer, safety gate, approvals, scheduler, locks, idempotency, audit, HTTP API.
        .target(
            name: "PackHost",
            dependencies: [
                "StructuredData", "JSONSchema", "PackFormat", "PolicyKernel", "PackVerification", "Bundler",
                "WorkflowEngine", "WorkerKit", "CAP", "HostConsole", "Telemetry",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // A host process the host crash tests kill at random moments.
        .executableTarget(
            name: "PackHostCrashChild",
            dependencies: ["PackHost", "WorkflowEngine", "StructuredData"],
            path: "Tests/PackHostTests/CrashChild",
            swiftSettings: swiftSettings
        ),
        // A child process the crash tests kill at random moments.
        .executableTarget(
            name: "WorkflowEngineCrashChild",
            dependencies: ["WorkflowEngine", "StructuredData", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/WorkflowEngineTests/CrashChild",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "packctl",
            dependencies: [
                "PackFormat", "PolicyKernel", "PackVerification", "PackLint", "Bundler", "GovernanceDiff",
                "PackScaffold", "PackAssets", "PackHost", "WorkflowEngine", "WorkerKit", "EmulatorKit", "JSONSchema",
                "StructuredData", "APIContracts", "Telemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["PackRegistryPlugin"]
        ),
        // Embeds text files in a module as string literals: each pack worker's input schemas
        // (packs/<id>/pack/schemas/*Input.json) and the console's files (Sources/HostConsole/Assets).
        .executableTarget(name: "embed-text-generator", path: "Plugins/EmbedTextGenerator"),
        .plugin(
            name: "PackSchemasPlugin",
            capability: .buildTool(),
            dependencies: ["embed-text-generator"]
        ),
        .plugin(
            name: "EmbedAssetsPlugin",
            capability: .buildTool(),
            dependencies: ["embed-text-generator"]
        ),
        // Writes packctl's registry of built-in pack workers and emulators from its dependencies on the pack targets.
        .executableTarget(name: "pack-registry-generator", path: "Plugins/PackRegistryGenerator"),
        .plugin(
            name: "PackRegistryPlugin",
            capability: .buildTool(),
            dependencies: ["pack-registry-generator"]
        ),
        .testTarget(name: "StructuredDataTests", dependencies: ["StructuredData"], swiftSettings: swiftSettings),
        .testTarget(
            name: "TelemetryTests",
            dependencies: [
                "Telemetry", "PackTesting",
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JSONSchemaTests",
            dependencies: ["JSONSchema", "StructuredData", "ServerTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "APIContractsTests",
            dependencies: ["APIContracts", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TarArchiveTests",
            dependencies: ["TarArchive", "ServerTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackFormatTests",
            dependencies: ["PackFormat", "TarArchive", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PolicyKernelTests",
            dependencies: ["PolicyKernel", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackVerificationTests",
            dependencies: ["PackVerification", "PackFormat", "PolicyKernel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackAssetsTests",
            dependencies: ["PackAssets", "StructuredData", "JSONSchema"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackLintTests",
            dependencies: ["PackLint", "PackFormat", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BundlerTests",
            dependencies: ["Bundler", "PackFormat", "TarArchive", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GovernanceDiffTests",
            dependencies: ["GovernanceDiff", "PackFormat", "StructuredData", "ServerTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackScaffoldTests",
            dependencies: [
                "PackScaffold", "PackFormat", "PackLint", "PackVerification", "PackTesting", "StructuredData",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkflowEngineTests",
            dependencies: [
                "WorkflowEngine", "StructuredData", "WorkflowEngineCrashChild", "ServerTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures", "CrashChild"],
            swiftSettings: swiftSettings
        ),
        // Real nats-server and redis-server processes for tests.
        .target(name: "ServerTesting", path: "Tests/ServerTesting", swiftSettings: swiftSettings),
        // The testing module every pack uses: the host + worker + emulator rig, structured teardown, manual clocks,
        // reference clients in cached Python virtualenvs, and the conformance suite (docs/authoring.md).
        .target(
            name: "PackTesting",
            dependencies: [
                "PackHost", "PackFormat", "APIContracts", "WorkflowEngine", "WorkerKit", "EmulatorKit", "JSONSchema",
                "StructuredData",
                "ServerTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackTestingTests",
            dependencies: ["PackTesting", "PackHost", "WorkflowEngine", "WorkerKit", "StructuredData", "HelloWorker"],
            swiftSettings: swiftSettings
        ),
        // The conformance suite, run for every pack of the table (its worker and emulator come from a registry
        // generated from this target's dependencies, as packctl's does).
        .testTarget(
            name: "PackConformanceTests",
            dependencies: ["PackTesting", "WorkerKit", "EmulatorKit"],
            swiftSettings: swiftSettings,
            plugins: ["PackRegistryPlugin"]
        ),
        .testTarget(
            name: "CAPTests",
            dependencies: [
                "CAP", "ServerTesting",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkerKitTests",
            dependencies: [
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"), "Telemetry",
                "WorkerKit", "CAP", "ServerTesting", "StructuredData", "JSONSchema", "PackTesting",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EmulatorKitTests",
            dependencies: [
                "EmulatorKit", "StructuredData",
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackHostTests",
            dependencies: [
                "PackHost", "PackHostCrashChild", "CAP", "ServerTesting", "PackTesting", "cordum-hello", "Telemetry",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"), "WorkflowEngine", "PolicyKernel",
                "PackFormat", "StructuredData",
                "Bundler", "TarArchive",
                "WorkerKit", "HelloWorker",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["CrashChild"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "packctlTests",
            dependencies: [
                "packctl", "PackHost", "WorkflowEngine", "StructuredData", "ServerTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// MARK: - Packs

/// One pack: its folder is `packs/<id>/`, its Swift name prefixes its targets. Adding a pack is its folder and one
/// entry in ``packs``; every target below is generated from it (docs/authoring.md).
struct Pack {
    /// The pack id (`pack.yaml` `metadata.id`), also the folder under `packs/` and the `cordum-<id>` executable.
    var id: String
    /// The Swift name: `<name>Worker`, `<name>Emulator`, `<name>WorkerTests`, `<name>EmulatorTests`,
    /// `<name>PackTests`.
    var name: String
    /// Whether it has a worker (`packs/<id>/Sources/<name>Worker` and `Sources/cordum-<id>`).
    var worker = true
    /// Whether it has a loopback vendor emulator (`packs/<id>/Sources/<name>Emulator`).
    var emulator = false
    /// Package products this pack alone links (its own third-party dependencies); none is shared with other packs.
    var dependencies: [Target.Dependency] = []
    /// Libraries of the packs its `requires_packs` names, which its tests run beside it (workers and emulators).
    var testDependencies: [Target.Dependency] = []
}

/// The table of packs.
let packs: [Pack] = [
    Pack(id: "hello", name: "Hello", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
    Pack(
        id: "github",
        name: "GitHub",
        emulator: true,
        dependencies: [
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // MCP servers' tools, resources and prompts; the emulator is a Swift SDK server, the tests also use Python's.
    Pack(
        id: "mcp-client",
        name: "MCPClient",
        emulator: true,
        dependencies: [
            .product(name: "MCP", package: "swift-sdk"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // Crypto: the request signatures of the approval buttons (HMAC-SHA256); Hummingbird: their listener.
    Pack(
        id: "slack",
        name: "Slack",
        emulator: true,
        dependencies: [
            "CallbackListener",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]
    ),
    // Jira Cloud's REST API v3; the ADF <-> Markdown conversion is the pack's own (Atlassian's format alone); its
    // tests run the slack pack beside it (jira.incident.track).
    Pack(
        id: "jira",
        name: "Jira",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        testDependencies: ["SlackWorker", "SlackEmulator"]
    ),
    // Hummingbird: the inbound receiver (also packctl dev's companion); AsyncHTTPClient: deliveries and run
    // starts; Crypto: the emulator's own signature check.
    Pack(
        id: "webhooks",
        name: "Webhooks",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]
    ),
    // Microsoft Graph with Entra ID client credentials; Hummingbird: the Bot Framework activity receiver of the
    // approval cards; JWTKit: its token check against the published keys; X509: the emulator's registered
    // certificates of client assertions.
    Pack(
        id: "msteams",
        name: "MSTeams",
        emulator: true,
        dependencies: [
            "CallbackListener",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "JWTKit", package: "jwt-kit"),
            .product(name: "X509", package: "swift-certificates"),
            .product(name: "SwiftASN1", package: "swift-asn1"),
        ]
    ),
    // Kubernetes diagnostics and governed restarts; kubectl is the reference client of its emulator (its tests).
    Pack(
        id: "kubernetes-triage",
        name: "KubernetesTriage",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // PagerDuty's REST API v2 and Events API v2 (one emulator serves both); the official python client is the
    // reference client of its contract test (PagerDutyPackTests, with ServerTesting's certificates).
    Pack(
        id: "pagerduty",
        name: "PagerDuty",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        // The python client speaks only https: its test serves the emulator over TLS (NIOSSL) with a throwaway CA.
        testDependencies: [.product(name: "NIOSSL", package: "swift-nio-ssl")]
    ),
    // Sentry's web API (issues, events, suspect commits, releases, deploys, stats); its tests run a small Python
    // client of Sentry's published API (standard library only) against the emulator.
    Pack(
        id: "sentry",
        name: "Sentry",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // ServiceNow Table API (incidents, changes, CMDB); pysnow (PyPI) is the reference client of its emulator.
    Pack(
        id: "servicenow",
        name: "ServiceNow",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // Prometheus and Alertmanager; the tests also run Debian's real servers and its promtool and amtool.
    Pack(
        id: "prometheus-query",
        name: "PrometheusQuery",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
    // The Jaeger query API v3 (traces as OTLP JSON) with trace analysis in the worker; the emulator also takes
    // OTLP/HTTP exports (JSON and protobuf), and its tests send traces with Python's opentelemetry-sdk.
    Pack(
        id: "opentelemetry",
        name: "OpenTelemetry",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ],
        // Its tests post OTLP exports to the emulator themselves (ByteBuffer bodies), and export the host's own runs
        // to it with Telemetry.
        testDependencies: [.product(name: "NIOCore", package: "swift-nio"), "Telemetry"]
    ),
    // Datadog's API v1 and v2 (metrics, logs, events, monitors, downtimes, hosts, SLOs, incidents); its tests also
    // point Datadog's official datadog-api-client (PyPI) at the emulator.
    Pack(
        id: "datadog",
        name: "Datadog",
        emulator: true,
        dependencies: [
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
]

/// Whether the pack folder holds a target's sources (test folders are optional: a pack without an emulator, tested
/// against a real server, still gets `<name>PackTests` when it has that folder).
func packFolderExists(_ pack: Pack, _ relativePath: String) -> Bool {
    FileManager.default.fileExists(atPath: "\(Context.packageDirectory)/packs/\(pack.id)/\(relativePath)")
}

for pack in packs {
    let worker = "\(pack.name)Worker"
    let emulator = "\(pack.name)Emulator"
    var packLibraries: [Target.Dependency] = []
    if pack.worker {
        packLibraries.append(.target(name: worker))
        package.targets += [
            .target(
                name: worker,
                dependencies: ["WorkerKit", "StructuredData"] + pack.dependencies,
                path: "packs/\(pack.id)/Sources/\(worker)",
                swiftSettings: swiftSettings,
                plugins: ["PackSchemasPlugin"]
            ),
            .executableTarget(
                name: "cordum-\(pack.id)",
                dependencies: [.target(name: worker), "WorkerKit"],
                path: "packs/\(pack.id)/Sources/cordum-\(pack.id)",
                swiftSettings: swiftSettings
            ),
        ]
        package.products.append(.executable(name: "cordum-\(pack.id)", targets: ["cordum-\(pack.id)"]))
    }
    if pack.emulator {
        packLibraries.append(.target(name: emulator))
        package.targets.append(
            .target(
                name: emulator,
                dependencies: ["EmulatorKit", "StructuredData"] + pack.dependencies,
                path: "packs/\(pack.id)/Sources/\(emulator)",
                swiftSettings: swiftSettings
            )
        )
    }
    // packctl runs every pack's worker and emulator in `packctl dev`, through the generated registry.
    package.targets.first { $0.name == "packctl" }?.dependencies += packLibraries
    // Every pack gets the conformance suite (PackConformanceTests), through the same generated registry.
    package.targets.first { $0.name == "PackConformanceTests" }?.dependencies += packLibraries
    let testDependencies: [Target.Dependency] =
        packLibraries + ["WorkerKit", "EmulatorKit", "StructuredData", "JSONSchema", "PackTesting", "APIContracts"]
        + pack.dependencies + pack.testDependencies
    let packTestDependencies: [Target.Dependency] =
        ["PackHost", "WorkflowEngine", "ServerTesting"] + (pack.worker ? [.target(name: "cordum-\(pack.id)")] : [])
    for (tests, extra) in [
        ("\(worker)Tests", [] as [Target.Dependency]), ("\(emulator)Tests", []),
        ("\(pack.name)PackTests", packTestDependencies),
    ] where packFolderExists(pack, "Tests/\(tests)") {
        package.targets.append(
            .testTarget(
                name: tests,
                dependencies: testDependencies + extra,
                path: "packs/\(pack.id)/Tests/\(tests)",
                swiftSettings: swiftSettings
            )
        )
    }
}
