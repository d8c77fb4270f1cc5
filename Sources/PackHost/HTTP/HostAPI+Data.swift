import Foundation
import HTTPTypes
import Hummingbird
import StructuredData

extension HostAPI {
    /// `/memory`, `/artifacts`, `/dlq`: all partitioned by tenant.
    func addDataRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("memory") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            guard let pointer = query.string("ptr") ?? query.string("key") else {
                throw HostError(.invalidArgument, "query parameter ptr or key is required")
            }
            let trimmed = pointer.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return APIResponse.json(try services.memory.get(tenant: caller.tenant, pointer: trimmed).json)
        }
        api.post("artifacts") { request, context -> Response in
            let caller = try context.caller()
            let body = try BodyObject(try await RequestBody.json(request, limit: limits.uploadBytes))
            let content: [UInt8]
            if let encoded = try body.string("content_base64") {
                guard let data = Data(base64Encoded: encoded) else {
                    throw HostError(.invalidArgument, "field content_base64 is not valid base64")
                }
                content = Array(data)
            } else if let text = try body.string("content") {
                content = Array(text.utf8)
            } else {
                throw HostError(.invalidArgument, "field content_base64 or content is required")
            }
            let query = QueryParameters(request)
            var maxBytes: Int?
            if let text = query.string("max_bytes") ?? request.headers[Self.maxArtifactBytesHeader] {
                guard let value = Int(text), value > 0 else {
                    throw HostError(.invalidArgument, "max_bytes must be a positive integer, not \(text)")
                }
                maxBytes = value
            }
            let receipt = try services.artifacts.put(
                tenant: caller.tenant,
                content: content,
                contentType: try body.string("content_type"),
                retention: try ArtifactRetention(parsing: try body.string("retention")),
                labels: try body.stringMap("labels") ?? [:],
                maxBytes: maxBytes
            )
            return APIResponse.json(receipt.json)
        }
        api.get("artifacts") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var label: (key: String, value: String)?
            if let text = query.string("label") {
                guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
                    throw HostError(.invalidArgument, "query parameter label must be key:value, not \(text)")
                }
                label = (String(text[..<colon]), String(text[text.index(after: colon)...]))
            }
            let items = try services.artifacts.list(
                tenant: caller.tenant,
                label: label,
                limit: try query.int("limit", default: 100, range: 1...1000)
            )
            return APIResponse.items(items.map(\.json))
        }
        api.get("artifacts/{ptr}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                try services.artifacts.get(tenant: caller.tenant, pointer: try context.parameters.decoded("ptr")).json
            )
        }
        api.get("dlq") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let page = try services.deadLetters.list(
                tenant: caller.tenant,
                limit: try query.int("limit", default: 100, range: 1...1000),
                cursor: query.string("cursor")
            )
            return APIResponse.json(.array(page.items.map(Self.deadLetterJSON)))
        }
        api.get("dlq/page") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let page = try services.deadLetters.list(
                tenant: caller.tenant,
                limit: try query.int("limit", default: 100, range: 1...1000),
                cursor: query.string("cursor")
            )
            return APIResponse.json([
                "items": .array(page.items.map(Self.deadLetterJSON)),
                "next_cursor": page.nextCursor.map(JSONValue.string) ?? .null,
            ])
        }
        api.get("dlq/{job_id}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                Self.deadLetterJSON(
                    try services.deadLetters.get(tenant: caller.tenant, jobID: try context.parameters.decoded("job_id"))
                )
            )
        }
        api.post("dlq/{job_id}/retry") { _, context -> Response in
            let caller = try context.caller()
            let job = try await services.host.retryDeadLetter(
                try context.parameters.decoded("job_id"),
                tenant: caller.tenant,
                principal: caller.principal
            )
            return APIResponse.json(job.apiJSON)
        }
        api.delete("dlq/{job_id}") { _, context -> Response in
            let caller = try context.caller()
            try services.deadLetters.delete(tenant: caller.tenant, jobID: try context.parameters.decoded("job_id"))
            return APIResponse.noContent()
        }
    }

    /// A dead letter with the fields of Cordum's DLQ entry added: `reason` (the message), `tenant` and
    /// `last_state` (the job's state when it was dead-lettered, in Cordum's spelling).
    static func deadLetterJSON(_ entry: DeadLetter) -> JSONValue {
        var fields = entry.json.objectValue ?? [:]
        fields["reason"] = .string(entry.message)
        fields["tenant"] = .string(entry.tenantID)
        if let state = entry.job["state"]?.stringValue.flatMap(JobState.init(rawValue:)) {
            fields["last_state"] = .string(state.cordumName)
        }
        return .object(fields)
    }

    /// The `X-Max-Artifact-Bytes` header.
    static let maxArtifactBytesHeader = HTTPField.Name("X-Max-Artifact-Bytes")!
}
