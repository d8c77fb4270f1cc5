import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

extension JiraWorker {
    /// `issue.transition`: by `transition_id` as declared; by `to_status`, the runtime checks and plans the job
    /// first (nothing sent), then the issue's transitions are read and the one leading to that status (its `to`
    /// name, else its own name, without case) is taken. A dry run by name shows the plan with the target it would
    /// look for and reads nothing.
    static func transition(
        _ action: Action,
        runtime: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        guard let target = input["to_status"]?.stringValue, input["transition_id"] == nil else {
            return withText(try await runtime.run(action, context: context, input: input))
        }
        var plan = try await planned(action, runtime: runtime, context: context, input: input)
        if isDryRun(context, input) {
            plan["resolve"] = ["to_status": .string(target), "via": "GET /rest/api/3/issue/{issue}/transitions"]
            return .object(plan)
        }
        try context.checkCancellation()
        let issue = input["issue"]?.stringValue ?? ""
        let profile = try runtime.transport.profile(for: input)
        let list = ActionRequest(
            method: .GET,
            path: "\(JiraAction.api)/issue/\(URLEncoding.component(issue))/transitions"
        )
        let answer = try await runtime.transport.send(
            runtime.request(list, action: JiraAction.all["issue.transitions.list"]!, profile: profile),
            profile: profile,
            action: action.name,
            logger: context.logger
        )
        let transitions = try answer.json(vendor: "Jira")["transitions"]?.arrayValue ?? []
        let chosen = try choose(target, among: transitions, issue: issue)
        var members = input.objectValue ?? [:]
        members["to_status"] = nil
        members["transition_id"] = chosen["id"] ?? .null
        guard var output = try await runtime.run(action, context: context, input: .object(members)).objectValue else {
            return .null
        }
        output["transition"] = [
            "id": chosen["id"] ?? .null, "name": chosen["name"] ?? .null, "to": chosen["to"]?["name"] ?? .null,
        ]
        return .object(output)
    }

    /// The one transition of `transitions` leading to `target`.
    /// - Throws: `conflict` naming the issue, the target and the transitions it has now, when none or several lead
    ///   there.
    static func choose(_ target: String, among transitions: [JSONValue], issue: String) throws(WorkerError)
        -> JSONValue
    {
        let wanted = target.lowercased()
        var matches = transitions.filter { $0["to"]?["name"]?.stringValue?.lowercased() == wanted }
        if matches.isEmpty { matches = transitions.filter { $0["name"]?.stringValue?.lowercased() == wanted } }
        let available = transitions.map { transition in
            "\(transition["name"]?.stringValue ?? "?") (id \(transition["id"]?.stringValue ?? "?"), to \(transition["to"]?["name"]?.stringValue ?? "?"))"
        }
        if matches.count == 1 { return matches[0] }
        throw WorkerError(
            code: .conflict,
            message: matches.isEmpty
                ? "\(issue) has no transition to the status \"\(target)\" now (it may be there already); its transitions: \(available.isEmpty ? "none" : available.joined(separator: ", ")). Name another to_status, or a transition_id."
                : "\(issue) has \(matches.count) transitions to the status \"\(target)\": \(matches.map { "id \($0["id"]?.stringValue ?? "?")" }.joined(separator: ", ")); name one with transition_id."
        )
    }

    /// `attachment.add`: the runtime checks and plans the job (its URL and `X-Atlassian-Token: no-check`), then the
    /// file goes as a `multipart/form-data` part `file`. The plan of a dry run names the part (name, file name,
    /// media type, size) instead of its bytes.
    static func attach(
        _ action: Action,
        runtime: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        let start = ContinuousClock.now
        var output = try await planned(action, runtime: runtime, context: context, input: input)
        let filename = input["filename"]?.stringValue ?? "attachment"
        let data: [UInt8]
        var contentType = input["content_type"]?.stringValue
        if let text = input["content"]?.stringValue {
            data = Array(text.utf8)
            if contentType == nil { contentType = "text/plain; charset=utf-8" }
        } else {
            guard let encoded = input["content_base64"]?.stringValue, let decoded = Data(base64Encoded: encoded) else {
                throw WorkerError(
                    code: .invalidInput,
                    message: "content_base64 is not valid base64 (standard alphabet, padded)."
                )
            }
            data = Array(decoded)
        }
        let type = contentType ?? "application/octet-stream"
        let part: JSONValue = [
            "name": "file", "filename": .string(filename), "content_type": .string(type), "bytes": .integer(data.count),
        ]
        if isDryRun(context, input) {
            if var plan = output["plan"]?.objectValue {
                plan["multipart"] = [part]
                output["plan"] = .object(plan)
            }
            return .object(output)
        }
        try context.checkCancellation()
        let profile = try runtime.transport.profile(for: input)
        let call = try action.build(try ActionInput(action: action.name, input: input))
        let base = runtime.request(call, action: action, profile: profile)
        var form = MultipartForm()
        form.addFile(name: "file", filename: filename, contentType: type, data: data)
        var request = try VendorRequest.multipart(.POST, url: base.url, form: form, headers: base.headers)
        request.isIdempotent = false
        let answer = try await runtime.transport.send(
            request,
            profile: profile,
            action: action.name,
            logger: context.logger
        )
        let attachments = try answer.json(vendor: "Jira").arrayValue ?? []
        output["plan"] = nil
        output["dry_run"] = false
        output["result"] = ["attachments": .array(attachments)]
        output["objects"] = .array(
            attachments.map { ChangedObject(kind: "attachment", id: $0["id"] ?? .null, change: .created).json }
        )
        output["status_code"] = .integer(answer.status)
        output["request_id"] = .string(answer.requestID)
        output["duration_ms"] = .integer(Int((ContinuousClock.now - start) / .milliseconds(1)))
        return .object(output)
    }
}
