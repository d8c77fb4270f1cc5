// swift-tools-version: 6.1
import PackageDescription

// Benchmarks stay out of the main build: run them with `swift package benchmark` from this folder.
let package = Package(
    name: "cordum-packs-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, so the product reference does not depend on the folder the repository is cloned into.
        .package(name: "cordum-packs", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        // Already in the graph through cordum-packs; named here because CAPBenchmarks imports them.
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "PolicyKernelBenchmarks",
            dependencies: [
                .product(name: "PolicyKernel", package: "cordum-packs"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PolicyKernelBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "WorkflowEngine", package: "cordum-packs"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "BundlerBenchmarks",
            dependencies: [
                .product(name: "Bundler", package: "cordum-packs"),
                .product(name: "PackFormat", package: "cordum-packs"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/BundlerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "HostBenchmarks",
            dependencies: [
                .product(name: "PackHost", package: "cordum-packs"),
                .product(name: "PolicyKernel", package: "cordum-packs"),
                .product(name: "WorkflowEngine", package: "cordum-packs"),
                .product(name: "StructuredData", package: "cordum-packs"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/HostBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "JSONSchemaBenchmarks",
            dependencies: [
                .product(name: "JSONSchema", package: "cordum-packs"),
                .product(name: "StructuredData", package: "cordum-packs"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/JSONSchemaBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CAPBenchmarks",
            dependencies: [
                .product(name: "CAP", package: "cordum-packs"),
                .product(name: "WorkerKit", package: "cordum-packs"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CAPBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
