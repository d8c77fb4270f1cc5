import Foundation
import Synchronization
import WorkflowEngine

/// The benchmark workload: workflows, a dispatcher the benchmark answers at once, and runners on temporary
/// SQLite files.
enum Workload {
    /// Steps in the sequential workflow.
    static let sequentialSteps = 40
    /// Runs started together in one iteration of the concurrent benchmarks.
    static let concurrentRuns = 1_000
    /// Runs left waiting in the store (and the runner) while the loaded benchmark runs.
    static let queuedRuns = 20_000

    /// `s00 → s01 → … → s39`: no-op worker steps, each depending on the one before.
    static func sequential(_ count: Int) throws -> Workflow {
        let stepID = { (index: Int) in index < 10 ? "s0\(index)" : "s\(index)" }
        return try Workflow.load(
            [
                "id": "bench.sequential",
                "steps": .object(
                    Dictionary(
                        uniqueKeysWithValues: (0..<count).map { index in
                            (
                                stepID(index),
                                [
                                    "topic": "job.noop",
                                    "input": ["i": .integer(index)],
                                    "depends_on": index == 0 ? [] : [.string(stepID(index - 1))],
                                ]
                            )
                        }
                    )
                ),
            ],
            file: "sequential"
        )
    }

    /// `a → (b, c) → d`, with templated inputs.
    static func diamond() throws -> Workflow {
        try Workflow.load(
            [
                "id": "bench.diamond",
                "steps": [
                    "a": ["topic": "job.noop", "input": ["x": "${input.x}"]],
                    "b": ["topic": "job.noop", "depends_on": ["a"], "input": ["y": "${steps.a.output.ok}"]],
                    "c": ["topic": "job.noop", "depends_on": ["a"]],
                    "d": ["topic": "job.noop", "depends_on": ["b", "c"]],
                ],
            ],
            file: "diamond"
        )
    }

    /// One worker step whose job is never answered: a run that stays queued.
    static func parked() throws -> Workflow {
        try Workflow.load(["id": "bench.parked", "steps": ["wait": ["topic": "job.never"]]], file: "parked")
    }

    /// A new temporary folder.
    static func temporaryFolder(_ label: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("engine-bench-\(label)-\(UUID())")
            .path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Removes a temporary folder.
    static func remove(_ folder: String) { try? FileManager.default.removeItem(atPath: folder) }

    /// Seconds in a duration.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// How many seconds `body` takes.
    static func time(_ body: () async throws -> some Any) async rethrows -> Double {
        let start = ContinuousClock.now
        _ = try await body()
        return seconds(ContinuousClock.now - start)
    }
}

/// A dispatcher that queues job ids; ``Engine/answerAll()`` answers each one at once.
final class QueueDispatcher: JobDispatcher {
    private let queue = Mutex<[String]>([])

    func dispatch(_ job: JobRequest) async throws { queue.withLock { $0.append(job.jobID) } }
    func cancel(jobID: String, reason: String) async throws {}
    func notify(_ notification: WorkflowNotification) async throws {}

    /// The queued job ids, emptying the queue.
    func drain() -> [String] {
        queue.withLock { queue in
            defer { queue = [] }
            return queue
        }
    }
}

/// A ``WorkflowRunner`` on its own SQLite file (WAL) in a temporary folder, with a ``QueueDispatcher``.
final class Engine: Sendable {
    let folder: String
    let dispatcher = QueueDispatcher()
    let runner: WorkflowRunner

    init(_ label: String) throws {
        folder = Workload.temporaryFolder(label)
        let counter = Mutex(0)
        runner = WorkflowRunner(
            store: try SQLiteRunStore(path: folder + "/runs.sqlite"),
            dispatcher: dispatcher,
            makeID: {
                counter.withLock {
                    $0 += 1
                    return "run-\($0)"
                }
            }
        )
    }

    /// Delivers a successful result for every queued job, and for the jobs those results dispatch, until no job
    /// is left.
    func answerAll() async throws {
        while true {
            let jobs = dispatcher.drain()
            if jobs.isEmpty { return }
            for job in jobs {
                try await runner.deliver(JobResult(jobID: job, outcome: .succeeded, output: ["ok": true]))
            }
        }
    }

    /// Starts `count` runs of `workflow` (each dispatching its first jobs), answers every job, and returns the ids
    /// of the first and last run.
    func runConcurrently(_ workflow: Workflow, count: Int) async throws -> [String] {
        var first: String?
        var last = ""
        for index in 0..<count {
            last = try await runner.start(workflow, input: ["x": .integer(index)]).id
            first = first ?? last
        }
        try await answerAll()
        return [first ?? last, last]
    }

    /// Fails unless every run named succeeded.
    func expectSucceeded(_ runIDs: [String]) async throws {
        for runID in runIDs {
            let status = try await runner.run(runID)?.status
            guard status == .succeeded else {
                throw BenchmarkFailure("run \(runID) ended \(status.map { "\($0)" } ?? "missing"), not succeeded")
            }
        }
    }
}

/// Engines built by a benchmark's setup and removed, with their folders, by its teardown.
final class Engines: Sendable {
    private let engines = Mutex<[Engine]>([])

    /// The engines, in the order given to ``set(_:)``.
    var all: [Engine] { engines.withLock { $0 } }

    func set(_ new: [Engine]) { engines.withLock { $0 = new } }

    /// Closes the stores (the last references go) and removes their folders.
    func tearDown() {
        let folders = engines.withLock { engines in
            defer { engines = [] }
            return engines.map(\.folder)
        }
        for folder in folders { Workload.remove(folder) }
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
