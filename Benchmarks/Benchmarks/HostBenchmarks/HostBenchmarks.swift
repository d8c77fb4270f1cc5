import Benchmark
import PackHost
import StructuredData

/// The pack host's full job path: the safety gate (strict policy), the durable job state and audit records in
/// SQLite, the scheduler, an in-process echo worker, and the result recorded (and, for workflow jobs, the
/// engine's transitions). Goal: ≥ 2,000 jobs/s on a 2-core machine.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(20),
        maxIterations: 50
    )
    let jobsPerSecond = BenchmarkMetric.custom("jobs/s", polarity: .prefersLarger, useScalingFactor: false)
    let perJob = BenchmarkMetric.custom("latency per job (µs)", polarity: .prefersSmaller, useScalingFactor: false)
    let batch = 2_000

    // 1. 2,000 jobs submitted back to back, then every result recorded.
    let throughputSlot = BenchSlot()
    Benchmark(
        "jobs: \(batch) jobs through gate, store, scheduler and an in-process worker",
        configuration: .init(metrics: [.wallClock, jobsPerSecond, .mallocCountTotal], maxIterations: 10),
        closure: { benchmark in
            let host = throughputSlot.bench.host
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            for index in 0..<batch {
                _ = try await host.submitJob(
                    JobSubmission(topic: "job.bench.echo", input: ["i": .integer(index)]),
                    tenant: "bench",
                    principal: "bench"
                )
            }
            await host.settle()
            let elapsed = HostBench.seconds(ContinuousClock.now - start)
            benchmark.stopMeasurement()
            benchmark.measurement(jobsPerSecond, Int((Double(batch) / elapsed).rounded()))
        },
        setup: { throughputSlot.set(try await HostBench()) },
        teardown: { throughputSlot.tearDown() }
    )

    // 2. One job at a time: submit, run, result recorded.
    let latencySlot = BenchSlot()
    Benchmark(
        "job latency: one job at a time through the full path",
        configuration: .init(metrics: [.wallClock, perJob], timeUnits: .microseconds, maxIterations: 2_000),
        closure: { benchmark in
            let host = latencySlot.bench.host
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            _ = try await host.submitJob(
                JobSubmission(topic: "job.bench.echo", input: ["x": 1]),
                tenant: "bench",
                principal: "bench"
            )
            await host.settle()
            let elapsed = HostBench.seconds(ContinuousClock.now - start)
            benchmark.stopMeasurement()
            benchmark.measurement(perJob, Int((elapsed * 1e6).rounded()))
        },
        setup: { latencySlot.set(try await HostBench()) },
        teardown: { latencySlot.tearDown() }
    )

    // 3. 500 one-step workflow runs: each job also passes through the engine (start, dispatch, result, finish).
    let runs = 500
    let workflowSlot = BenchSlot()
    Benchmark(
        "workflow jobs: \(runs) one-step runs through engine and host",
        configuration: .init(metrics: [.wallClock, jobsPerSecond, .mallocCountTotal], maxIterations: 10),
        closure: { benchmark in
            let host = workflowSlot.bench.host
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            var ids: [String] = []
            for index in 0..<runs {
                let run = try await host.startRun(
                    workflowID: "bench.one",
                    input: ["n": .integer(index)],
                    tenant: "bench",
                    principal: "bench"
                )
                ids.append(run.id)
            }
            await host.settle()
            let elapsed = HostBench.seconds(ContinuousClock.now - start)
            benchmark.stopMeasurement()
            benchmark.measurement(jobsPerSecond, Int((Double(runs) / elapsed).rounded()))
            for id in ids where try await host.run(id, tenant: "bench").status != .succeeded {
                fatalError("run \(id) did not succeed")
            }
        },
        setup: { workflowSlot.set(try await HostBench()) },
        teardown: { workflowSlot.tearDown() }
    )
}
