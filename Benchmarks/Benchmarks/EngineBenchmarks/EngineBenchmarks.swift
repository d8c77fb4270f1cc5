import Benchmark
import WorkflowEngine

/// The workflow engine's orchestration cost with the SQLite store: per step of a sequential run, for 1,000 runs at
/// once, and for 1,000 runs while 20,000 others stay queued. Jobs are answered at once (no worker time), so every
/// figure is the engine's own work: state machine, commit, outbox.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(30),
        maxIterations: 1_000
    )

    let runsPerSecond = BenchmarkMetric.custom("runs/s", polarity: .prefersLarger, useScalingFactor: false)

    // 1. One run of 40 sequential no-op worker steps: each step is a result delivered, a transition committed and
    // the next job dispatched.
    let sequential = try! Workload.sequential(Workload.sequentialSteps)
    let perStep = BenchmarkMetric.custom("per-step wall clock (µs)", polarity: .prefersSmaller, useScalingFactor: false)
    let stepsPerSecond = BenchmarkMetric.custom("steps/s", polarity: .prefersLarger, useScalingFactor: false)
    let sequentialEngine = Engines()
    Benchmark(
        "sequential: \(Workload.sequentialSteps) no-op worker steps, one run",
        configuration: .init(
            metrics: [.wallClock, perStep, stepsPerSecond, .mallocCountTotal],
            maxDuration: .seconds(10)
        ),
        closure: { benchmark in
            let engine = sequentialEngine.all[0]
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let run = try await engine.runner.start(sequential, input: [:])
            try await engine.answerAll()
            let elapsed = Workload.seconds(ContinuousClock.now - start)
            benchmark.stopMeasurement()
            let steps = Double(Workload.sequentialSteps)
            benchmark.measurement(perStep, Int((elapsed / steps * 1e6).rounded()))
            benchmark.measurement(stepsPerSecond, Int((steps / elapsed).rounded()))
            try await engine.expectSucceeded([run.id])
        },
        setup: { sequentialEngine.set([try Engine("sequential")]) },
        teardown: { sequentialEngine.tearDown() }
    )

    // 2. 1,000 runs of a → (b, c) → d started together on a fresh store, then every job answered until all
    // finish. One scaled iteration is one run. No warm-up, so the resident-memory delta includes the first batch.
    let diamond = try! Workload.diamond()
    Benchmark(
        "concurrent: \(Workload.concurrentRuns) runs of a 4-step workflow",
        configuration: .init(
            metrics: [.wallClock, runsPerSecond, .mallocCountTotal, .peakMemoryResident, .peakMemoryResidentDelta],
            timeUnits: .microseconds,
            warmupIterations: 0,
            scalingFactor: .kilo,
            maxIterations: 20
        ),
        closure: { benchmark in
            let folder: String
            do {
                let engine = try Engine("concurrent")
                folder = engine.folder
                benchmark.startMeasurement()
                let start = ContinuousClock.now
                let runs = try await engine.runConcurrently(diamond, count: benchmark.scaledIterations.count)
                let elapsed = Workload.seconds(ContinuousClock.now - start)
                benchmark.stopMeasurement()
                benchmark.measurement(
                    runsPerSecond,
                    Int((Double(benchmark.scaledIterations.count) / elapsed).rounded())
                )
                try await engine.expectSucceeded(runs)
            }
            Workload.remove(folder)
        }
    )

    // 3. The same 1,000 runs on a runner and store that hold 20,000 queued runs (parked at a job never answered),
    // against an unloaded runner in the same iteration; the measured region is the loaded batch. Both stores keep
    // their finished runs across iterations, so they differ only by the queued runs.
    let parked = try! Workload.parked()
    let loadedRunsPerSecond = BenchmarkMetric.custom(
        "runs/s, \(Workload.queuedRuns) queued",
        polarity: .prefersLarger,
        useScalingFactor: false
    )
    let unloadedRunsPerSecond = BenchmarkMetric.custom(
        "runs/s, unloaded",
        polarity: .prefersLarger,
        useScalingFactor: false
    )
    let ratio = BenchmarkMetric.custom(
        "loaded / unloaded throughput (%)",
        polarity: .prefersLarger,
        useScalingFactor: false
    )
    let loadEngines = Engines()
    Benchmark(
        "loaded: \(Workload.concurrentRuns) runs with \(Workload.queuedRuns) runs queued",
        configuration: .init(
            metrics: [
                .wallClock, loadedRunsPerSecond, unloadedRunsPerSecond, ratio, .mallocCountTotal, .peakMemoryResident,
            ],
            timeUnits: .microseconds,
            scalingFactor: .kilo,
            maxDuration: .seconds(40),
            maxIterations: 12
        ),
        closure: { benchmark in
            let engines = loadEngines.all
            let (unloaded, loaded) = (engines[0], engines[1])
            let count = benchmark.scaledIterations.count
            // Alternate which batch goes first, so neither always runs on a warmer (or more fragmented) process.
            var unloadedSeconds = 0.0
            if benchmark.currentIteration.isMultiple(of: 2) {
                unloadedSeconds = try await Workload.time { try await unloaded.runConcurrently(diamond, count: count) }
            }
            benchmark.startMeasurement()
            let start = ContinuousClock.now
            let runs = try await loaded.runConcurrently(diamond, count: count)
            let loadedSeconds = Workload.seconds(ContinuousClock.now - start)
            benchmark.stopMeasurement()
            if !benchmark.currentIteration.isMultiple(of: 2) {
                unloadedSeconds = try await Workload.time { try await unloaded.runConcurrently(diamond, count: count) }
            }
            benchmark.measurement(loadedRunsPerSecond, Int((Double(count) / loadedSeconds).rounded()))
            benchmark.measurement(unloadedRunsPerSecond, Int((Double(count) / unloadedSeconds).rounded()))
            benchmark.measurement(ratio, Int((unloadedSeconds / loadedSeconds * 100).rounded()))
            try await loaded.expectSucceeded(runs)
        },
        setup: {
            let unloaded = try Engine("unloaded")
            let loaded = try Engine("loaded")
            loadEngines.set([unloaded, loaded])
            for _ in 0..<Workload.queuedRuns { try await loaded.runner.start(parked, input: [:]) }
            _ = loaded.dispatcher.drain()
        },
        teardown: { loadEngines.tearDown() }
    )
}
