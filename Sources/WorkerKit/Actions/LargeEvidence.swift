import Logging
public import StructuredData

/// Moves large answers to an artifact: the output keeps what fits (the first items of a list; the scalar members
/// of an object — ids, numbers, links, shas) and lists the artifact in `artifacts`
/// (`{"pointer","bytes","field","media_type"}`, plus `count` for a list: how many items the artifact holds).
public struct LargeEvidence: Sendable {
    /// Answers larger than this many bytes of JSON go to an artifact; 0 never.
    public var threshold: Int
    /// Labels every artifact carries (`pack`, …), besides `action` and `member`.
    public var labels: [String: String]

    /// Large-evidence rules.
    /// - Parameters:
    ///   - threshold: Bytes of JSON above which `items` or `result` go to an artifact; 0 never.
    ///   - labels: Labels of every artifact.
    public init(threshold: Int, labels: [String: String] = [:]) {
        self.threshold = max(threshold, 0)
        self.labels = labels
    }

    /// Moves `output`'s `items` or `result` to an artifact when too large. Without an artifact store the output
    /// stays whole (and a notice is logged).
    /// - Parameters:
    ///   - output: The output envelope.
    ///   - action: The action name (an artifact label).
    ///   - context: The job (its artifact store and logger).
    public func apply(to output: inout [String: JSONValue], action: String, context: JobContext) async {
        guard threshold > 0 else { return }
        let key = output["items"] != nil ? "items" : "result"
        guard let value = output[key] else { return }
        let text = JSONEncoding.compact(value)
        guard text.utf8.count > threshold else { return }
        let pointer: String
        do {
            pointer = try await context.artifacts.put(
                Array(text.utf8),
                contentType: "application/json",
                retention: .standard,
                labels: labels.merging(["action": action, "member": key]) { $1 }
            )
        } catch {
            context.logger.notice(
                "large vendor answer kept in the result: no artifact store",
                metadata: ["action": "\(action)", "bytes": "\(text.utf8.count)", "error_code": "\(error.code)"]
            )
            return
        }
        var artifact: [String: JSONValue] = [
            "pointer": .string(pointer), "bytes": .integer(text.utf8.count), "field": .string(key),
            "media_type": "application/json",
        ]
        if key == "items", let items = value.arrayValue {
            var kept: [JSONValue] = []
            var size = 2
            for item in items {
                size += JSONEncoding.compact(item).utf8.count + 1
                if size > threshold { break }
                kept.append(item)
            }
            output["items"] = .array(kept)
            artifact["count"] = .integer(items.count)
        } else if let object = value.objectValue {
            output["result"] = .object(
                object.filter { _, member in
                    switch member {
                    case .array, .object: false
                    case .string(let text): text.utf8.count <= 1024
                    default: true
                    }
                }
            )
        } else {
            output["result"] = .null
        }
        output["artifacts"] = .array((output["artifacts"]?.arrayValue ?? []) + [.object(artifact)])
    }
}
