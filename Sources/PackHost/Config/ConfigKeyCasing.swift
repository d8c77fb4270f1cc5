public import StructuredData

/// Refuses the capitalized `pools`/`timeouts` keys Cordum's scheduler bootstrap writes (`Topics`, `Pools`,
/// `Workflows`, `Reconciler`, `Requires`, ...). The scheduler reads lowercase keys only, so a document holding them
/// silently ignores every pack's routing; the host refuses it instead of storing or merging into it.
public enum ConfigKeyCasing {
    /// The lowercase keys the scheduler reads, by the capitalized spelling Go writes for them.
    static let lowercaseFor: [String: String] = [
        "Topics": "topics", "Pools": "pools", "Requires": "requires", "Workflows": "workflows",
        "Reconciler": "reconciler", "TimeoutSeconds": "timeout_seconds", "MaxRetries": "max_retries",
        "ChildTimeoutSeconds": "child_timeout_seconds", "TotalTimeoutSeconds": "total_timeout_seconds",
        "DispatchTimeoutSeconds": "dispatch_timeout_seconds", "RunningTimeoutSeconds": "running_timeout_seconds",
        "ScanIntervalSeconds": "scan_interval_seconds",
    ]

    /// Checks the `pools` and `timeouts` values of a `cfg:system:default` document.
    /// - Parameters:
    ///   - data: the document's `data`.
    ///   - document: the document's key, for the message.
    /// - Throws: `invalid_argument` naming the key, where it is, and its lowercase spelling.
    public static func check(_ data: [String: JSONValue], document: String) throws(HostError) {
        for section in ["pools", "timeouts"] {
            guard let value = data[section] else { continue }
            if let path = firstCapitalized(value, path: "data.\(section)") {
                throw HostError(
                    .invalidArgument,
                    "\(document) \(path.path) uses the key \"\(path.key)\"; the scheduler reads only lowercase keys, "
                        + "so rename it \"\(lowercaseFor[path.key] ?? path.key.lowercased())\" "
                        + "(Cordum's scheduler bootstrap writes Go field names; rewrite the document in lowercase)"
                )
            }
        }
    }

    /// The first structural key (not a topic, pool or workflow name) spelled with a capital, depth first.
    private static func firstCapitalized(_ value: JSONValue, path: String) -> (key: String, path: String)? {
        guard let object = value.objectValue else { return nil }
        for key in object.keys.sorted() {
            if lowercaseFor[key] != nil { return (key, path) }
        }
        // Below `topics`, `pools` and `workflows` come names chosen by packs; below those, structural keys again.
        for key in object.keys.sorted() where ["topics", "pools", "workflows"].contains(key) {
            for (name, entry) in (object[key]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let found = firstCapitalized(entry, path: "\(path).\(key).\(name)") { return found }
            }
        }
        return nil
    }
}
