public import StructuredData

/// A `pools` overlay patch: topic → pool routing and pool requirements.
public struct PoolsPatch: Sendable, Hashable {
    /// `topics`: topic → pool names (a single name is a one-element list).
    public var topics: [String: [String]]
    /// `pools`: pool → `requires`.
    public var pools: [String: [String]]
}

/// A `timeouts` overlay patch.
public struct TimeoutsPatch: Sendable, Hashable {
    /// Per-topic job timeouts.
    public struct Topic: Sendable, Hashable {
        /// `timeout_seconds`.
        public var timeoutSeconds: Int?
        /// `max_retries`.
        public var maxRetries: Int?
    }

    /// Per-workflow timeouts.
    public struct Workflow: Sendable, Hashable {
        /// `child_timeout_seconds`.
        public var childTimeoutSeconds: Int?
        /// `total_timeout_seconds`.
        public var totalTimeoutSeconds: Int?
        /// `max_retries`.
        public var maxRetries: Int?
    }

    /// `topics`.
    public var topics: [String: Topic]
    /// `workflows`.
    public var workflows: [String: Workflow]
}

/// Cordum's apply-time checks on config overlay patches (pack-format §2.6), run ahead of time.
public enum OverlayRules {
    /// Checks a patch for a config overlay whose key is `pools` or `timeouts` (any case).
    /// - Parameters:
    ///   - patch: the parsed patch file.
    ///   - key: the overlay's `key`.
    ///   - packID: the pack id, for namespacing.
    ///   - existingPools: pools that already exist (any pack may patch those); empty when unknown.
    /// - Returns: every problem found.
    public static func check(
        _ patch: Document,
        key: String,
        packID: String,
        existingPools: Set<String> = []
    ) -> [PackFormatError] {
        var errors: [PackFormatError] = []
        func add(_ code: PackFormatError.Code, _ pointer: String, _ message: String, hint: String? = nil) {
            errors.append(
                PackFormatError(
                    code: code,
                    location: patch.location(of: pointer),
                    field: JSONPointer.fieldPath(pointer),
                    message: message,
                    hint: hint
                )
            )
        }
        guard let root = patch.value.objectValue else {
            add(.wrongType, "", "config overlay patch must be a map", hint: "found \(patch.value.typeName)")
            return errors
        }
        switch key.lowercased() {
        case "pools":
            for name in root.keys.sorted() where name != "topics" && name != "pools" {
                add(
                    .unsupportedOverlayKey,
                    "/" + JSONPointer.escape(name),
                    "unsupported pools overlay key \"\(name)\"",
                    hint: "valid keys: topics, pools"
                )
            }
            if let topics = root["topics"] {
                if let map = topics.objectValue {
                    for topic in map.keys.sorted() where !topic.hasPrefix("job.\(packID).") {
                        add(
                            .notNamespaced,
                            JSONPointer.appending("/topics", topic),
                            "pools topic \"\(topic)\" must be namespaced under job.\(packID).*"
                        )
                    }
                } else {
                    add(.wrongType, "/topics", "pools.topics must be a map")
                }
            }
            if let pools = root["pools"] {
                if let map = pools.objectValue {
                    for pool in map.keys.sorted() where !existingPools.contains(pool) && !pool.hasPrefix(packID) {
                        add(
                            .notNamespaced,
                            JSONPointer.appending("/pools", pool),
                            "pool \"\(pool)\" must be namespaced under \(packID)",
                            hint: "name it \(packID) or \(packID)-<name>"
                        )
                    }
                } else {
                    add(.wrongType, "/pools", "pools.pools must be a map")
                }
            }
        case "timeouts":
            for name in root.keys.sorted() where name != "topics" && name != "workflows" {
                add(
                    .unsupportedOverlayKey,
                    "/" + JSONPointer.escape(name),
                    "unsupported timeouts overlay key \"\(name)\"",
                    hint: "valid keys: topics, workflows"
                )
            }
            if let topics = root["topics"] {
                if let map = topics.objectValue {
                    for topic in map.keys.sorted() where !topic.hasPrefix("job.\(packID).") {
                        add(
                            .notNamespaced,
                            JSONPointer.appending("/topics", topic),
                            "timeouts topic \"\(topic)\" must be namespaced under job.\(packID).*"
                        )
                    }
                } else {
                    add(.wrongType, "/topics", "timeouts.topics must be a map")
                }
            }
            if let workflows = root["workflows"] {
                if let map = workflows.objectValue {
                    for workflow in map.keys.sorted() where !workflow.hasPrefix("\(packID).") {
                        add(
                            .notNamespaced,
                            JSONPointer.appending("/workflows", workflow),
                            "timeout workflow \"\(workflow)\" must be namespaced under \(packID)."
                        )
                    }
                } else {
                    add(.wrongType, "/workflows", "timeouts.workflows must be a map")
                }
            }
        default:
            break
        }
        return errors
    }
}

extension PoolsPatch {
    /// Reads a pools patch leniently (shape problems are reported by ``OverlayRules`` and lint).
    public init(_ value: JSONValue) {
        var topics: [String: [String]] = [:]
        for (topic, target) in value["topics"]?.objectValue ?? [:] {
            if let single = target.stringValue {
                topics[topic] = [single]
            } else {
                topics[topic] = (target.arrayValue ?? []).compactMap(\.stringValue)
            }
        }
        var pools: [String: [String]] = [:]
        for (pool, body) in value["pools"]?.objectValue ?? [:] {
            pools[pool] = (body["requires"]?.arrayValue ?? []).compactMap(\.stringValue)
        }
        self.init(topics: topics, pools: pools)
    }
}

extension TimeoutsPatch {
    /// Reads a timeouts patch leniently (shape problems are reported by lint).
    public init(_ value: JSONValue) {
        var topics: [String: Topic] = [:]
        for (topic, body) in value["topics"]?.objectValue ?? [:] {
            topics[topic] = Topic(
                timeoutSeconds: body["timeout_seconds"]?.intValue,
                maxRetries: body["max_retries"]?.intValue
            )
        }
        var workflows: [String: Workflow] = [:]
        for (workflow, body) in value["workflows"]?.objectValue ?? [:] {
            workflows[workflow] = Workflow(
                childTimeoutSeconds: body["child_timeout_seconds"]?.intValue,
                totalTimeoutSeconds: body["total_timeout_seconds"]?.intValue,
                maxRetries: body["max_retries"]?.intValue
            )
        }
        self.init(topics: topics, workflows: workflows)
    }
}
