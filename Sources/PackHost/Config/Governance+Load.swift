import Foundation
public import GRDB
import PolicyKernel
public import StructuredData

extension Governance {
    /// Loads the governance view from the store: the base policy plus every enabled policy bundle (Cordum's keys,
    /// merge order and snapshot ids), in strict mode over the topics of installed (ACTIVE or INACTIVE) packs; the
    /// pools and timeouts of `cfg:system:default`; and the installed topics.
    /// - Parameters:
    ///   - db: the store.
    ///   - basePolicy: the host's base policy file (name and bytes), if any.
    ///   - overriding: bundles used in place of the stored ones with the same keys (a simulation of an edit).
    /// - Throws: `storage_error` when a stored bundle does not parse (installs validate fragments before storing
    ///   them, so this means the store was changed behind the host's back), or a record is unreadable;
    ///   `invalid_argument` when an overriding bundle does not parse.
    public static func load(
        in db: Database,
        basePolicy: (file: String, bytes: [UInt8])? = nil,
        overriding: [String: JSONValue] = [:]
    ) throws -> Governance {
        let set: PolicySet
        do {
            var bundles = try PolicyBundles.all(in: db)
            for (key, bundle) in overriding { bundles[key] = bundle }
            set = try PolicySet(
                base: basePolicy,
                fragments: bundles.map { PolicyFragment(key: $0.key, bundle: $0.value) }
            )
        } catch let error as PolicyError {
            if !overriding.isEmpty { throw HostError(.invalidArgument, "the simulated policy does not load: \(error)") }
            throw HostError(.storage, "the stored policy does not load: \(error)")
        }
        var declarations: [String: TopicDeclaration] = [:]
        var topics: [String: InstalledTopic] = [:]
        for record in try PackRegistry.list(in: db) where record.isInstalled {
            for topic in record.topics {
                let name = topic.name.trimmingCharacters(in: .whitespaces)
                var entry = declarations[name] ?? TopicDeclaration()
                for tag in topic.riskTags where !entry.riskTags.contains(tag) { entry.riskTags.append(tag) }
                for item in topic.requires where !entry.requires.contains(item) { entry.requires.append(item) }
                declarations[name] = entry
                topics[name] = InstalledTopic(
                    name: name,
                    packID: record.id,
                    packVersion: record.version,
                    capability: topic.capability.isEmpty ? nil : topic.capability,
                    riskTags: topic.riskTags,
                    requires: topic.requires
                )
            }
        }
        let defaults = try ConfigStore.get(.system, ConfigStore.defaultID, in: db)?.data ?? [:]
        return Governance(
            policy: CompiledPolicy(set, strictTopics: declarations),
            pools: PoolsConfig(json: defaults["pools"]),
            timeouts: TimeoutsConfig(json: defaults["timeouts"]),
            topics: topics
        )
    }
}

extension PoolsConfig {
    /// Reads a stored `pools` value: `topics` maps a topic to a pool name or a list of names; `pools` maps a pool
    /// to `{requires: [...]}`. Entries of the wrong shape are skipped.
    public init(json: JSONValue?) {
        var topics: [String: [String]] = [:]
        for (topic, target) in json?["topics"]?.objectValue ?? [:] {
            let pools = target.stringValue.map { [$0] } ?? (target.arrayValue ?? []).compactMap(\.stringValue)
            let named = pools.filter { !$0.isEmpty }
            if !named.isEmpty { topics[topic] = named }
        }
        var pools: [String: PoolDefinition] = [:]
        for (pool, body) in json?["pools"]?.objectValue ?? [:] {
            pools[pool] = PoolDefinition(requires: (body["requires"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        self.init(topics: topics, pools: pools)
    }
}

extension TimeoutsConfig {
    /// Reads a stored `timeouts` value (`topics`, `workflows`); entries of the wrong shape are skipped.
    public init(json: JSONValue?) {
        var topics: [String: TopicTimeout] = [:]
        for (topic, body) in json?["topics"]?.objectValue ?? [:] where body.objectValue != nil {
            topics[topic] = TopicTimeout(
                timeoutSeconds: body["timeout_seconds"]?.intValue,
                maxRetries: body["max_retries"]?.intValue
            )
        }
        var workflows: [String: WorkflowTimeout] = [:]
        for (workflow, body) in json?["workflows"]?.objectValue ?? [:] where body.objectValue != nil {
            workflows[workflow] = WorkflowTimeout(
                childTimeoutSeconds: body["child_timeout_seconds"]?.intValue,
                totalTimeoutSeconds: body["total_timeout_seconds"]?.intValue,
                maxRetries: body["max_retries"]?.intValue
            )
        }
        self.init(topics: topics, workflows: workflows)
    }
}
