import Benchmark
import Bundler
import Foundation
import PackFormat

/// `packctl build` over the repository's packs and over 16 packs installed together: load, lint, simulate,
/// bundle, load back, catalog, and write.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .milliseconds,
        maxDuration: .seconds(5),
        maxIterations: 1_000
    )

    let repository = Workload.repositoryRoot + "/packs"
    let sixteen = Workload.copiesOfHello()

    for (name, path) in [("repository packs", repository), ("16 packs", sixteen)] {
        let configuration = Workload.configuration([path])
        Benchmark("build: plan + write (\(name))", configuration: .init(maxIterations: 200)) { benchmark in
            var fresh = configuration
            fresh.outputDirectory = Workload.temporaryFolder("public")
            benchmark.startMeasurement()
            let plan = try CatalogBuilder(configuration: fresh).plan()
            precondition(!plan.isBlocked, "\(plan.blockedText())")
            blackHole(try plan.write())
            benchmark.stopMeasurement()
            try FileManager.default.removeItem(atPath: fresh.outputDirectory)
        }
        Benchmark("build: plan only (\(name))") { benchmark in
            blackHole(try CatalogBuilder(configuration: configuration).plan())
        }
    }

    let hello = try! PackLoader.load(repository + "/hello")
    Benchmark("bundle one pack (hello: read, tar, gzip, sha256)", configuration: .init(timeUnits: .microseconds)) {
        _ in
        blackHole(try BundleWriter.bundle(hello))
    }

    let plan = try! CatalogBuilder(configuration: Workload.configuration([sixteen])).plan()
    Benchmark("catalog.json bytes (16 entries)", configuration: .init(timeUnits: .microseconds)) { _ in
        blackHole(plan.catalog.bytes)
    }
}
