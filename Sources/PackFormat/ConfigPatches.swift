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
    /// - Returns: every problem found.
    public static func check(
        _ patch: Document,
        key: String,
        packID: String
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
        /// Checks one section: top-level keys, that the section is a map, and that its keys are namespaced.
        func section(
            _ name: String,
            of overlay: String,
            namespaced isNamespaced: (String) -> Bool,
            message: (String) -> String,
            hint: String? = nil
        ) {
            guard let value = root[name] else { return }
            guard let map = value.objectValue else {
                add(.wrongType, "/" + name, "\(overlay).\(name) must be a map")
                return
            }
            for key in map.keys.sorted() where !isNamespaced(key) {
                add(.notNamespaced, JSONPointer.appending("/" + name, key), message(key), hint: hint)
            }
        }
        func allowOnly(_ keys: [String], in overlay: String) {
            for name in root.keys.sorted() where !keys.contains(name) {
                add(
                    .unsupportedOverlayKey,
                    "/" + JSONPointer.escape(name),
                    "unsupported \(overlay) overlay key \"\(name)\"",
                    hint: "valid keys: \(keys.joined(separator: ", "))"
                )
            }
        }
        let topicPrefix = "job.\(packID)."
        switch key.lowercased() {
        case "pools":
            allowOnly(["topics", "pools"], in: "pools")
            section("topics", of: "pools", namespaced: { $0.hasPrefix(topicPrefix) }) {
                "pools topic \"\($0)\" must be namespaced under job.\(packID).*"
            }
            section(
                "pools",
                of: "pools",
                namespaced: { OverlayRules.isPackPool($0, packID: packID) },
                message: { "pool \"\($0)\" must be namespaced under \(packID)" },
                hint: "name it \(packID) or \(packID)-<name>"
            )
        case "timeouts":
            allowOnly(["topics", "workflows"], in: "timeouts")
            section("topics", of: "timeouts", namespaced: { $0.hasPrefix(topicPrefix) }) {
                "timeouts topic \"\($0)\" must be namespaced under job.\(packID).*"
            }
            section("workflows", of: "timeouts", namespaced: { $0.hasPrefix("\(packID).") }) {
                "timeout workflow \"\($0)\" must be namespaced under \(packID)."
            }
        default:
            break
        }
        return errors
    }
}

extension OverlayRules {
    /// Whether `pool` is in the pack's pool namespace: the pack id itself, or `<id>-<name>`. Cordum checks only
    /// that the name starts with the id, so pack `git` may patch pool `github`.
    public static func isPackPool(_ pool: String, packID: String) -> Bool {
        !packID.isEmpty && (pool == packID || (pool.hasPrefix(packID + "-") && pool.count > packID.count + 1))
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
