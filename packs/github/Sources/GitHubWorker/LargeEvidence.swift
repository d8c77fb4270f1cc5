import Logging
import StructuredData
import WorkerKit

/// Moves large answers to an artifact: the output keeps what fits (the first items of a list; the scalar members
/// of an object — ids, numbers, links, shas) and points at the artifact holding everything.
struct LargeEvidence {
    /// Answers larger than this many bytes of JSON go to an artifact; 0 never.
    let threshold: Int

    /// `output` with its `items` or `result` moved to an artifact when too large. When the job context has no
    /// artifact store the output is left whole.
    func apply(to output: inout [String: JSONValue], action: String, context: JobContext) async {
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
                labels: ["pack": "github", "action": action, "member": key]
            )
        } catch {
            context.logger.notice(
                "large GitHub answer kept in the result: no artifact store",
                metadata: ["action": "\(action)", "bytes": "\(text.utf8.count)", "error_code": "\(error.code)"]
            )
            return
        }
        output["artifact"] = .string(pointer)
        output["artifact_bytes"] = .integer(text.utf8.count)
        if key == "items", let items = value.arrayValue {
            var kept: [JSONValue] = []
            var size = 2
            for item in items {
                size += JSONEncoding.compact(item).utf8.count + 1
                if size > threshold { break }
                kept.append(item)
            }
            output["items"] = .array(kept)
            output["items_in_artifact"] = .integer(items.count)
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
    }
}
