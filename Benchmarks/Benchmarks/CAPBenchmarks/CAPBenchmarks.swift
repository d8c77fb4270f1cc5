import Benchmark
import WorkerKit

/// CAP over real nats-server and redis-server started by each benchmark: the raw NATS request/reply round trip
/// against a job's round trip through our worker (input in Redis, JobRequest → `CAPWorker` → JobResult, output
/// read from the result pointer), measured in the same iterations; jobs/s with 1 and 4 workers; and the start-up
/// time and idle RSS of the `cordum-hello` process. Goal: a job round trip ≤ 3× the raw round trip.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock],
        timeUnits: .microseconds,
        maxDuration: .seconds(20),
        maxIterations: 2_000
    )
    let rawMicroseconds = BenchmarkMetric.custom(
        "raw round trip (µs)",
        polarity: .prefersSmaller,
        useScalingFactor: false
    )
    let jobMicroseconds = BenchmarkMetric.custom(
        "job round trip (µs)",
        polarity: .prefersSmaller,
        useScalingFactor: false
    )
    let ratio = BenchmarkMetric.custom("job / raw (%)", polarity: .prefersSmaller, useScalingFactor: false)
    let jobsPerSecond = BenchmarkMetric.custom("jobs/s", polarity: .prefersLarger, useScalingFactor: false)
    let startUp = BenchmarkMetric.custom(
        "start-up to first heartbeat (ms)",
        polarity: .prefersSmaller,
        useScalingFactor: false
    )
    let resident = BenchmarkMetric.custom("idle RSS (KiB)", polarity: .prefersSmaller, useScalingFactor: false)

    // 1. The same iteration measures 100 raw round trips and 100 job round trips (alternating which goes first).
    let pairs = 100
    let compareSlot = BenchSlot()
    Benchmark(
        "round trip: raw NATS request/reply vs a job through the worker (\(pairs) each per iteration)",
        configuration: .init(metrics: [rawMicroseconds, jobMicroseconds, ratio], maxIterations: 40),
        closure: { benchmark in
            let bench = compareSlot.bench
            let direct = CAPSubjects.direct(workerID: "bench-0")
            var raw = Duration.zero
            var job = Duration.zero
            for step in 0..<2 {
                if (step == 0) == (benchmark.currentIteration % 2 == 0) {
                    let start = ContinuousClock.now
                    for _ in 0..<pairs { try await bench.rawRoundTrip() }
                    raw = ContinuousClock.now - start
                } else {
                    let start = ContinuousClock.now
                    for _ in 0..<pairs { try await bench.jobRoundTrip(to: direct) }
                    job = ContinuousClock.now - start
                }
            }
            let rawEach = CAPBench.seconds(raw) / Double(pairs)
            let jobEach = CAPBench.seconds(job) / Double(pairs)
            benchmark.measurement(rawMicroseconds, Int((rawEach * 1e6).rounded()))
            benchmark.measurement(jobMicroseconds, Int((jobEach * 1e6).rounded()))
            benchmark.measurement(ratio, Int((jobEach / rawEach * 100).rounded()))
        },
        setup: { compareSlot.set(try await CAPBench(workers: 1)) },
        teardown: { await compareSlot.tearDown() }
    )

    // 2. and 3. One round trip per iteration, for the distributions.
    let rawSlot = BenchSlot()
    Benchmark(
        "raw NATS request/reply round trip",
        closure: { _ in try await rawSlot.bench.rawRoundTrip() },
        setup: { rawSlot.set(try await CAPBench(workers: 1)) },
        teardown: { await rawSlot.tearDown() }
    )
    let jobSlot = BenchSlot()
    Benchmark(
        "job round trip through the worker (direct subject)",
        closure: { _ in try await jobSlot.bench.jobRoundTrip(to: CAPSubjects.direct(workerID: "bench-0")) },
        setup: { jobSlot.set(try await CAPBench(workers: 1)) },
        teardown: { await jobSlot.tearDown() }
    )

    // 4. Throughput: 1,000 jobs in flight at once on the topic subject, served by the queue group.
    let batch = 1_000
    for workerCount in [1, 4] {
        let slot = BenchSlot()
        Benchmark(
            "jobs/s: \(batch) jobs in flight, \(workerCount) worker\(workerCount == 1 ? "" : "s") (max_parallel 1 each)",
            configuration: .init(metrics: [.wallClock, jobsPerSecond], timeUnits: .milliseconds, maxIterations: 10),
            closure: { benchmark in
                let bench = slot.bench
                benchmark.startMeasurement()
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<batch { group.addTask { try await bench.jobRoundTrip(to: CAPBench.topic) } }
                    try await group.waitForAll()
                }
                let elapsed = CAPBench.seconds(ContinuousClock.now - start)
                benchmark.stopMeasurement()
                benchmark.measurement(jobsPerSecond, Int((Double(batch) / elapsed).rounded()))
            },
            setup: { slot.set(try await CAPBench(workers: workerCount)) },
            teardown: { await slot.tearDown() }
        )
    }

    // 5. The cordum-hello process: spawn → first heartbeat, then RSS after 2 s idle.
    let helloSlot = BenchSlot()
    Benchmark(
        "cordum-hello process: start-up and idle RSS",
        configuration: .init(metrics: [startUp, resident], maxDuration: .seconds(60), maxIterations: 10),
        closure: { benchmark in
            let measured = try await HelloProcess.measure(
                bench: helloSlot.bench,
                workerID: "hello-\(helloSlot.bench.nextJobID())",
                idle: .seconds(2)
            )
            benchmark.measurement(startUp, Int((CAPBench.seconds(measured.startUp) * 1e3).rounded()))
            benchmark.measurement(resident, measured.idleResidentKiB)
        },
        setup: { helloSlot.set(try await CAPBench(workers: 0)) },
        teardown: { await helloSlot.tearDown() }
    )
}
