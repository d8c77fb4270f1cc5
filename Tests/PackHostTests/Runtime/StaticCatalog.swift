import Foundation
import PackFormat
import PackHost
import PolicyKernel
import StructuredData
import Synchronization
import WorkflowEngine

/// A ``HostCatalog`` whose governance and workflows a test sets directly (and may change mid-test).
final class StaticCatalog: HostCatalog {
    private let state: Mutex<(Governance, [String: WorkflowDefinition])>

    init(governance: Governance, workflows: [Workflow] = []) {
        state = Mutex(
            (
                governance,
                Dictionary(
                    uniqueKeysWithValues: workflows.map { ($0.id, WorkflowDefinition(workflow: $0, tenantID: "")) }
                )
            )
        )
    }

    func governance() throws(HostError) -> Governance { state.withLock { $0.0 } }

    func workflow(id: String, tenant: String) throws(HostError) -> WorkflowDefinition {
        guard let definition = state.withLock({ $0.1[id] }),
            definition.tenantID.isEmpty || definition.tenantID == tenant
        else { throw HostError(.notFound, "no workflow has id \(id)") }
        return definition
    }

    func setGovernance(_ governance: Governance) { state.withLock { $0.0 = governance } }

    func add(_ workflow: Workflow, tenant: String = "") {
        state.withLock { $0.1[workflow.id] = WorkflowDefinition(workflow: workflow, tenantID: tenant) }
    }

    /// A governance view from policy text, topic declarations and pool routing.
    static func governance(
        policy: String,
        topics: [InstalledTopic] = [],
        pools: [String: String] = [:],
        timeouts: [String: TopicTimeout] = [:]
    ) throws -> Governance {
        let set = try PolicySet(base: nil, fragments: [PolicyFragment(key: "test/policy", content: policy)])
        var declarations: [String: TopicDeclaration] = [:]
        for topic in topics {
            declarations[topic.name] = TopicDeclaration(riskTags: topic.riskTags, requires: topic.requires)
        }
        var routing = PoolsConfig()
        for (topic, pool) in pools {
            routing.topics[topic] = [pool]
            routing.pools[pool] = PoolDefinition()
        }
        return Governance(
            policy: CompiledPolicy(set, strictTopics: declarations),
            pools: routing,
            timeouts: TimeoutsConfig(topics: timeouts),
            topics: Dictionary(uniqueKeysWithValues: topics.map { ($0.name, $0) })
        )
    }

    /// The hello pack as installed: its fragment, topics, pool routing and workflows.
    static func hello() throws -> StaticCatalog {
        let pack = try PackLoader.load(Self.helloPath)
        let fragments = pack.policyFragments.map {
            PolicyFragment(key: $0.key, content: String(decoding: $0.content, as: UTF8.self))
        }
        let set = try PolicySet(base: nil, fragments: fragments)
        var topics: [String: InstalledTopic] = [:]
        var declarations: [String: TopicDeclaration] = [:]
        for topic in pack.manifest.topics {
            topics[topic.name] = InstalledTopic(
                name: topic.name,
                packID: pack.id,
                packVersion: pack.version,
                capability: topic.capability,
                riskTags: topic.riskTags,
                requires: topic.requires
            )
            declarations[topic.name] = TopicDeclaration(riskTags: topic.riskTags, requires: topic.requires)
        }
        var pools = PoolsConfig()
        for name in topics.keys {
            pools.topics[name] = ["hello"]
        }
        pools.pools["hello"] = PoolDefinition()
        let governance = Governance(
            policy: CompiledPolicy(set, strictTopics: declarations),
            pools: pools,
            timeouts: TimeoutsConfig(topics: ["job.hello.greet": TopicTimeout(timeoutSeconds: 30, maxRetries: 2)]),
            topics: topics
        )
        var schemas: [String: JSONValue] = [:]
        for schema in pack.schemas { schemas[schema.reference.id] = schema.document.value }
        let workflows = try pack.workflows.map { try Workflow.load($0.document, schemas: schemas) }
        return StaticCatalog(governance: governance, workflows: workflows)
    }

    static var helloPath: String {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("packs/hello/pack")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pack.yaml").path) {
                return candidate.path
            }
        }
        return "packs/hello/pack"
    }
}
