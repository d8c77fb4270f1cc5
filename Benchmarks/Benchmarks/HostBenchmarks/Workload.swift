import Foundation
import PackHost
import PolicyKernel
import StructuredData
import Synchronization
import WorkflowEngine

/// A host on a fresh data directory with a 20-rule policy, one topic pool and an in-process echo worker.
struct HostBench: Sendable {
    static let policy: String = {
        var text = "rules:\n"
        for index in 0..<19 {
            text += "  - id: other-\(index)\n    match: { topics: [\"job.other\(index).*\"] }\n    decision: deny\n"
        }
        text += "  - id: echo\n    match: { topics: [\"job.bench.echo\"] }\n    decision: allow\n"
        return text
    }()

    let directory: URL
    let host: PackHost

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("host-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let set = try PolicySet(base: nil, fragments: [PolicyFragment(key: "bench/policy", content: Self.policy)])
        let topic = InstalledTopic(name: "job.bench.echo", packID: "bench", packVersion: "1.0.0", riskTags: ["read"])
        let governance = Governance(
            policy: CompiledPolicy(set, strictTopics: ["job.bench.echo": TopicDeclaration(riskTags: ["read"])]),
            pools: PoolsConfig(topics: ["job.bench.echo": ["bench"]], pools: ["bench": PoolDefinition()]),
            topics: ["job.bench.echo": topic]
        )
        let workflow = try Workflow.load(
            Document(
                value: [
                    "id": "bench.one",
                    "steps": ["echo": ["type": "worker", "topic": "job.bench.echo", "input": ["n": "${input.n}"]]],
                ],
                file: "bench.one.json"
            )
        )
        host = PackHost(
            database: try HostDatabase(path: directory.appendingPathComponent("host.sqlite").path),
            runStore: try SQLiteRunStore(path: directory.appendingPathComponent("runs.sqlite").path),
            catalog: FixedCatalog(governance: governance, workflow: workflow)
        )
        try await host.register(EchoWorker())
    }

    func tearDown() { try? FileManager.default.removeItem(at: directory) }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// Governance and one workflow, fixed.
final class FixedCatalog: HostCatalog {
    let view: Governance
    let definition: WorkflowDefinition

    init(governance: Governance, workflow: Workflow) {
        view = governance
        definition = WorkflowDefinition(workflow: workflow, tenantID: "")
    }

    func governance() throws(HostError) -> Governance { view }

    func workflow(id: String, tenant: String) throws(HostError) -> WorkflowDefinition {
        guard id == definition.workflow.id else { throw HostError(.notFound, "no workflow \(id)") }
        return definition
    }
}

/// Answers every job with its input at once.
struct EchoWorker: HostWorker {
    let id = "echo"
    let pool = "bench"
    let capacity = 64
    let topics: [String] = []

    func run(_ assignment: JobAssignment) async -> WorkerReport { .succeeded(["echo": assignment.job.input]) }

    func cancel(jobID: String, reason: String) async {}
}

/// Holds the host of the current benchmark between setup and teardown.
final class BenchSlot: Sendable {
    private let current = Mutex<HostBench?>(nil)
    var bench: HostBench { current.withLock { $0! } }
    func set(_ bench: HostBench) { current.withLock { $0 = bench } }
    func tearDown() {
        current.withLock {
            $0?.tearDown()
            $0 = nil
        }
    }
}
