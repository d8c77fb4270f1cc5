import Foundation
import StructuredData
import WorkerKit

extension KubernetesHandlers {
    /// Lines kept in a result unless the input's `max_lines` says otherwise.
    static let defaultMaxLines = 200
    /// Bytes of log read at most (`limitBytes`): larger logs are cut by the API server.
    static let maxLogBytes = 8 << 20
    /// Characters kept of each line in the result (the artifact keeps the line whole).
    static let maxLineCharacters = 2000

    /// `pods.logs`: `GET …/pods/<name>/log` as text; the last `max_lines` lines in the result, the whole log in an
    /// artifact when it is longer (or a line was shortened).
    func logs(context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let call = try prepare("pods.logs", context: context, input: input)
        var query: [ActionRequest.QueryItem] = []
        let container = input["container"]?.stringValue
        if let container { query.append(.init("container", container)) }
        if let tail = input["tail_lines"]?.intValue { query.append(.init("tailLines", String(tail))) }
        if let since = input["since_seconds"]?.intValue { query.append(.init("sinceSeconds", String(since))) }
        if input["previous"]?.boolValue == true { query.append(.init("previous", "true")) }
        if input["timestamps"]?.boolValue == true { query.append(.init("timestamps", "true")) }
        query.append(.init("limitBytes", String(Self.maxLogBytes)))
        try context.checkCancellation()
        let answer = try await get(
            "/api/v1/namespaces/\(Self.encoded(call.namespace))/pods/\(Self.encoded(call.name))/log",
            query: query,
            call: call,
            action: "pods.logs",
            accept: "text/plain, */*",
            logger: context.logger
        )
        let text = String(decoding: answer.body, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let maxLines = input["max_lines"]?.intValue ?? Self.defaultMaxLines
        let kept = lines.suffix(maxLines).map { line in
            line.count > Self.maxLineCharacters ? String(line.prefix(Self.maxLineCharacters)) + "…" : line
        }
        let shortened = lines.suffix(maxLines).contains { $0.count > Self.maxLineCharacters }
        let truncated = lines.count > maxLines || shortened || answer.body.count >= Self.maxLogBytes
        var output = call
        if truncated {
            let pointer = try await context.artifacts.put(
                text: text,
                labels: [
                    "pack": KubernetesConfiguration.packID, "action": "pods.logs",
                    "pod": "\(call.namespace)/\(call.name)",
                ]
            )
            output.output["artifacts"] = [
                [
                    "pointer": .string(pointer), "bytes": .integer(answer.body.count), "field": "result.lines",
                    "media_type": "text/plain", "count": .integer(lines.count),
                ]
            ]
        }
        let result: JSONValue = [
            "pod": .string(call.name),
            "container": container.map(JSONValue.string) ?? .null,
            "lines": .array(kept.map(JSONValue.string)),
            "line_count": .integer(lines.count),
            "truncated": .bool(truncated),
        ]
        return output.finish(result, answer)
    }
}
