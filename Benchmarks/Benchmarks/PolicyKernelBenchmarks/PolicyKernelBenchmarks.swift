import Benchmark
import PolicyKernel

/// Decisions over a 120-rule merged policy and 10,000 prebuilt requests, and the cost of building that policy.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        timeUnits: .nanoseconds,
        maxDuration: .seconds(5),
        maxIterations: 100_000
    )

    let plain = try! Workload.compile(strict: false)
    let strict = try! Workload.compile(strict: true)
    let requests = Workload.requests()

    // One scaled iteration is one decision; each benchmark iteration walks 1,000 consecutive requests.
    for (name, policy) in [("evaluate", plain), ("evaluate (strict mode)", strict)] {
        Benchmark(name, configuration: .init(scalingFactor: .kilo)) { benchmark in
            var offset = 0
            requests.withUnsafeBufferPointer { requests in
                offset = Int.random(in: 0..<(requests.count / 1_000)) * 1_000
                benchmark.startMeasurement()
                for index in benchmark.scaledIterations {
                    blackHole(policy.evaluate(requests[offset + index]))
                }
                benchmark.stopMeasurement()
            }
        }
    }

    Benchmark("explain", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(plain.explain(requests[index]))
        }
    }

    let loadName = "load + merge + compile (base + 20 fragments, 120 rules)"
    Benchmark(loadName, configuration: .init(maxDuration: .seconds(3))) { benchmark in
        let (base, fragments) = Workload.sources
        benchmark.startMeasurement()
        let set = try PolicySet(base: (file: "safety.yaml", bytes: base), fragments: fragments)
        blackHole(CompiledPolicy(set, strictTopics: Workload.declarations))
    }
}
