// swift-tools-version: 6.1
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
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // JSON and YAML values with source positions, and Go-compatible canonical JSON.
        .target(
            name: "StructuredData",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        // Draft-07 JSON Schema validation.
        .target(name: "JSONSchema", dependencies: ["StructuredData"], swiftSettings: swiftSettings),
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
        // The Standard Pack Pattern as named rules.
        .target(
            name: "PackLint",
            dependencies: ["PackFormat", "PolicyKernel", "PackVerification", "JSONSchema", "StructuredData"],
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
        .target(name: "PackScaffold", dependencies: ["PackFormat"], swiftSettings: swiftSettings),
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
        // configuration from the environment, secret scrubbing.
        .target(
            name: "WorkerKit",
            dependencies: [
                "CAP", "StructuredData", "JSONSchema",
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
            ],
            swiftSettings: swiftSettings
        ),
        // What every vendor emulator shares: a loopback Hummingbird server, state, request log, fault injection.
        .target(
            name: "EmulatorKit",
            dependencies: [
                "StructuredData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The pack host: store, installer, safety gate, approvals, scheduler, locks, idempotency, audit, HTTP API.
        .target(
            name: "PackHost",
            dependencies: [
                "StructuredData", "JSONSchema", "PackFormat", "PolicyKernel", "PackVerification", "Bundler",
                "WorkflowEngine", "WorkerKit", "CAP",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
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
                "PackScaffold", "PackHost", "WorkflowEngine", "WorkerKit", "HelloWorker", "GitHubWorker",
                "GitHubEmulator", "JSONSchema",
                "StructuredData",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "StructuredDataTests", dependencies: ["StructuredData"], swiftSettings: swiftSettings),
        .testTarget(
            name: "JSONSchemaTests",
            dependencies: ["JSONSchema", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "TarArchiveTests", dependencies: ["TarArchive"], swiftSettings: swiftSettings),
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
            dependencies: ["GovernanceDiff", "PackFormat", "StructuredData"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PackScaffoldTests",
            dependencies: ["PackScaffold", "PackFormat", "PackLint", "PackVerification"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "WorkflowEngineTests",
            dependencies: [
                "WorkflowEngine", "StructuredData", "WorkflowEngineCrashChild",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures", "CrashChild"],
            swiftSettings: swiftSettings
        ),
        // Real nats-server and redis-server processes for tests.
        .target(name: "ServerTesting", path: "Tests/ServerTesting", swiftSettings: swiftSettings),
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
                "WorkerKit", "CAP", "ServerTesting", "StructuredData", "JSONSchema",
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
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EmulatorKitTests",
            dependencies: [
                "EmulatorKit", "StructuredData",
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
                "PackHost", "PackHostCrashChild", "CAP", "ServerTesting", "cordum-hello",
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
                "packctl", "PackHost", "WorkflowEngine", "StructuredData",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

/// Packs with a worker: each gets `<Name>Worker` (its handlers, a library), the executable `cordum-<id>`, and
/// `<Name>WorkerTests`, all under `packs/<id>/`.
let packsWithWorkers: [(id: String, name: String)] = [
    (id: "hello", name: "Hello"),
    (id: "github", name: "GitHub"),
]

/// Packs with a vendor emulator: each gets `<Name>Emulator` (a library on EmulatorKit), `<Name>EmulatorTests`, and
/// `<Name>PackTests`, the pack's workflows end to end on the host with its worker against the emulator.
let packsWithEmulators: [(id: String, name: String)] = [
    (id: "github", name: "GitHub")
]

/// What every worker library may use besides WorkerKit: vendor HTTP, JWT signing, logging.
let workerDependencies: [Target.Dependency] = [
    "WorkerKit", "StructuredData",
    .product(name: "Crypto", package: "swift-crypto"),
    .product(name: "_CryptoExtras", package: "swift-crypto"),
    .product(name: "AsyncHTTPClient", package: "async-http-client"),
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "Logging", package: "swift-log"),
]

for pack in packsWithWorkers {
    let library = "\(pack.name)Worker"
    var testDependencies: [Target.Dependency] = [.target(name: library)]
    testDependencies += workerDependencies
    testDependencies += [
        "JSONSchema", .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "CryptoExtras", package: "swift-crypto"),
    ]
    if packsWithEmulators.contains(where: { $0.id == pack.id }) {
        testDependencies += [.target(name: "\(pack.name)Emulator"), "EmulatorKit"]
    }
    package.targets += [
        .target(
            name: library,
            dependencies: workerDependencies,
            path: "packs/\(pack.id)/Sources/\(library)",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "cordum-\(pack.id)",
            dependencies: [.target(name: library), "WorkerKit"],
            path: "packs/\(pack.id)/Sources/cordum-\(pack.id)",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(library)Tests",
            dependencies: testDependencies,
            path: "packs/\(pack.id)/Tests/\(library)Tests",
            swiftSettings: swiftSettings
        ),
    ]
    package.products.append(.executable(name: "cordum-\(pack.id)", targets: ["cordum-\(pack.id)"]))
}

for pack in packsWithEmulators {
    let emulator = "\(pack.name)Emulator"
    package.targets += [
        .target(
            name: emulator,
            dependencies: [
                "EmulatorKit", "StructuredData",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "packs/\(pack.id)/Sources/\(emulator)",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(emulator)Tests",
            dependencies: [
                .target(name: emulator), "EmulatorKit", "StructuredData",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            path: "packs/\(pack.id)/Tests/\(emulator)Tests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "\(pack.name)PackTests",
            dependencies: [
                "PackHost", "WorkflowEngine", "WorkerKit", "StructuredData", "EmulatorKit", "ServerTesting",
                .target(name: "\(pack.name)Worker"), .target(name: emulator), .target(name: "cordum-\(pack.id)"),
            ],
            path: "packs/\(pack.id)/Tests/\(pack.name)PackTests",
            swiftSettings: swiftSettings
        ),
    ]
}
