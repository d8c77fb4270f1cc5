import Logging
import StructuredData
import WorkerKit

/// The job handlers, one per MCP method.
struct MCPHandlers: Sendable {
    let configuration: MCPClientConfiguration
    let sessions: MCPSessions

    private func action(_ context: JobContext) -> String {
        String(context.topic.dropFirst("job.mcp-client.".count))
    }

    private func job(_ context: JobContext, _ input: JSONValue) async throws(WorkerError) -> MCPJob {
        try await MCPJob.resolve(action(context), context, input, configuration, sessions)
    }

    // MARK: - Tools

    var toolsList: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            let listing = try await job.session.toolList().listing
            let info = listing.info
            var items: [JSONValue] = []
            for tool in listing.items {
                let name = tool["name"]?.stringValue ?? ""
                let assessment = job.mcp.risk.assess(name, server: job.server.name, annotations: tool["annotations"])
                var item: [String: JSONValue] = [
                    "name": .string(name),
                    "declared_risk": .string(assessment.declared.rawValue),
                    "effective_risk": .string(assessment.effective.rawValue),
                    "topic": .string(assessment.effective.topic),
                    "allowed": .bool(
                        (try? configuration.settings.checkResource("TOOLS", name, profile: job.profile)) != nil
                    ),
                ]
                item["description"] = tool["description"]
                item["annotations"] = tool["annotations"]
                item["mismatch"] = assessment.mismatch.map(JSONValue.string)
                items.append(.object(item))
            }
            var output = listOutput(listing, items: items, job)
            if input["report"]?.boolValue == true {
                let report: JSONValue = [
                    "server": .string(job.server.name), "profile": .string(job.profile.name),
                    "protocol_version": .string(info.protocolVersion), "tools": .array(items),
                    "mismatches": .array(items.filter { $0["mismatch"] != nil }),
                ]
                let text = JSONEncoding.pretty(report)
                do {
                    let pointer = try await context.artifacts.put(text: text, contentType: "application/json")
                    output["artifacts"] = [
                        [
                            "pointer": .string(pointer), "bytes": .integer(text.utf8.count), "field": "risk_map",
                            "media_type": "application/json", "count": .integer(items.count),
                        ]
                    ]
                } catch let error as WorkerError where error.code == .artifactsUnavailable {
                    // A host without an artifact store (in-process workers): the map stays in the output.
                    context.logger.notice("risk map kept in the output: no artifact store")
                    output["risk_map"] = report
                }
            }
            return .object(output)
        }
    }

    var toolsCall: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            guard let topicRisk = ToolRisk(topic: context.topic) else {
                throw WorkerError(code: .invalidInput, message: "\(context.topic) is not a tool-call topic.")
            }
            let tool = input["tool"]?.stringValue ?? ""
            try MCPJob.checkLabel(context, "tool", equals: tool)
            try configuration.settings.checkResource("TOOLS", tool, profile: job.profile, noun: "MCP tool")
            let params: JSONValue = ["name": .string(tool), "arguments": input["arguments"] ?? [:]]
            // The annotations: the tools this session listed, or (for a real call) a fresh list.
            var known = await job.session.cachedTools()
            if known == nil && !context.isDryRun { known = try await job.session.toolList().byName }
            if let known, known[tool] == nil {
                throw WorkerError(
                    code: .notFound,
                    message: "The MCP server \"\(job.server.name)\" has no tool \"\(tool)\"."
                )
            }
            let assessment = job.mcp.risk.assess(
                tool,
                server: job.server.name,
                annotations: known?[tool]?["annotations"]
            )
            guard assessment.effective == topicRisk else {
                var message =
                    "The tool \"\(tool)\" of \"\(job.server.name)\" is \(assessment.effective.rawValue) (declared \(assessment.declared.rawValue)"
                if let mismatch = assessment.mismatch { message += "; \(mismatch)" }
                message += "); call it through \(assessment.effective.topic), not \(context.topic)."
                throw WorkerError(code: MCPClientWorker.riskMismatch, message: message)
            }
            if context.isDryRun || input["dry_run"]?.boolValue == true {
                var output = job.envelope(nil)
                output["dry_run"] = true
                output["plan"] = await job.session.plan("tools/call", params: params)
                output["result"] = ["tool": .string(tool), "risk": .string(assessment.effective.rawValue)]
                return .object(output)
            }
            let (answer, info) = try await job.session.request("tools/call", params: params)
            try await job.session.checkSize(answer)
            var items = ContentItems(context: context, limit: job.server.inlineTextLimit)
            var content: [JSONValue] = []
            for (index, item) in (answer["content"]?.arrayValue ?? []).enumerated() {
                content.append(try await items.item(item, field: "result.content[\(index)]"))
            }
            if answer["isError"]?.boolValue == true {
                let text = items.texts.joined(separator: "\n\n")
                throw WorkerError(
                    code: MCPClientWorker.toolError,
                    message:
                        "The tool \"\(tool)\" failed: \(text.isEmpty ? "it sent no message" : String(text.prefix(2000)))"
                )
            }
            var result: [String: JSONValue] = [
                "tool": .string(tool), "risk": .string(assessment.effective.rawValue), "is_error": false,
                "text": .string(items.texts.joined(separator: "\n\n")), "content": .array(content),
            ]
            result["structured_content"] = answer["structuredContent"]
            var output = job.envelope(info)
            if topicRisk > .read { output["dry_run"] = false }
            output["result"] = .object(result)
            if !items.artifacts.isEmpty { output["artifacts"] = .array(items.artifacts) }
            return .object(output)
        }
    }

    // MARK: - Resources and prompts

    var resourcesList: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            let listing = try await job.session.list("resources/list", key: "resources")
            let items = listing.items.map { resource -> JSONValue in
                var item: [String: JSONValue] = ["uri": resource["uri"] ?? ""]
                item["name"] = resource["name"]
                item["mime_type"] = resource["mimeType"]
                item["description"] = resource["description"]
                return .object(item)
            }
            return .object(listOutput(listing, items: items, job))
        }
    }

    var resourcesRead: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            let uri = input["uri"]?.stringValue ?? ""
            try MCPJob.checkLabel(context, "resource", equals: uri)
            let (answer, info) = try await job.session.request("resources/read", params: ["uri": .string(uri)])
            try await job.session.checkSize(answer)
            var items = ContentItems(context: context, limit: job.server.inlineTextLimit)
            var contents: [JSONValue] = []
            for (index, entry) in (answer["contents"]?.arrayValue ?? []).enumerated() {
                contents.append(try await items.resource(entry, field: "result.contents[\(index)]"))
            }
            var output = job.envelope(info)
            output["result"] = [
                "uri": .string(uri), "text": .string(items.texts.joined(separator: "\n\n")),
                "contents": .array(contents),
            ]
            if !items.artifacts.isEmpty { output["artifacts"] = .array(items.artifacts) }
            return .object(output)
        }
    }

    var promptsList: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            let listing = try await job.session.list("prompts/list", key: "prompts")
            let items = listing.items.map { prompt -> JSONValue in
                var item: [String: JSONValue] = ["name": prompt["name"] ?? ""]
                item["description"] = prompt["description"]
                item["arguments"] = prompt["arguments"]
                return .object(item)
            }
            return .object(listOutput(listing, items: items, job))
        }
    }

    var promptsGet: JobHandler.Body {
        { context, input in
            let job = try await job(context, input)
            let name = input["name"]?.stringValue ?? ""
            var params: [String: JSONValue] = ["name": .string(name)]
            params["arguments"] = input["arguments"]
            let (answer, info) = try await job.session.request("prompts/get", params: .object(params))
            try await job.session.checkSize(answer)
            var result: [String: JSONValue] = ["name": .string(name), "messages": answer["messages"] ?? []]
            result["description"] = answer["description"]
            var output = job.envelope(info)
            output["result"] = .object(result)
            return .object(output)
        }
    }

    // MARK: - Helpers

    /// The envelope of a list job: the listing's page count and truncation, and its items as the job shows them.
    private func listOutput(_ listing: MCPSession.Listing, items: [JSONValue], _ job: MCPJob) -> [String: JSONValue] {
        var output = job.envelope(listing.info)
        output["items"] = .array(items)
        output["pages"] = .integer(listing.pages)
        output["truncated"] = .bool(listing.truncated)
        return output
    }
}
