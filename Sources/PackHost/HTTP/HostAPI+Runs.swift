import HTTPTypes
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// Starting, reading, cancelling and re-running workflow runs, and deciding approval steps.
    func addRunRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("workflows/{id}/runs") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let input = try await RequestBody.json(request, limit: limits.jsonBytes)
            let key = Self.runIdempotencyKey(request, query: query)
            let run = try await services.host.startRun(
                workflowID: try context.parameters.decoded("id"),
                input: input,
                tenant: caller.tenant,
                principal: caller.principal,
                dryRun: try query.bool("dry_run"),
                idempotencyKey: key,
                actorType: caller.actorType
            )
            return APIResponse.json(["run_id": .string(run.id)])
        }
        api.get("workflows/{id}/runs") { request, context -> Response in
            let caller = try context.caller()
            let limit = try QueryParameters(request).int("limit", default: 100, range: 1...1000)
            let runs = try await services.host.runs(
                tenant: caller.tenant,
                workflowID: try context.parameters.decoded("id"),
                limit: limit
            )
            return APIResponse.json(.array(runs.map(\.apiJSON)))
        }
        api.get("workflow-runs") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var status: RunStatus?
            if let text = query.string("status") {
                guard let parsed = RunStatus(rawValue: text) else {
                    throw HostError(
                        .invalidArgument,
                        "query parameter status must be one of "
                            + RunStatus.allCases.map(\.rawValue).joined(separator: ", ") + ", not \(text)"
                    )
                }
                status = parsed
            }
            let runs = try await services.host.runs(
                tenant: caller.tenant,
                workflowID: query.string("workflow_id"),
                status: status,
                limit: try query.int("limit", default: 50, range: 1...1000)
            )
            return APIResponse.json(["items": .array(runs.map(\.apiJSON)), "next_cursor": .null])
        }
        api.get("workflow-runs/{id}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                try await services.host.run(try context.parameters.decoded("id"), tenant: caller.tenant).apiJSON
            )
        }
        api.get("workflow-runs/{id}/timeline") { request, context -> Response in
            let caller = try context.caller()
            let limit = try QueryParameters(request).int("limit", default: 200, range: 1...10_000)
            let run = try await services.host.run(try context.parameters.decoded("id"), tenant: caller.tenant)
            return APIResponse.json(run.timelineJSON(limit: limit))
        }
        api.delete("workflow-runs/{id}") { _, context -> Response in
            let caller = try context.caller()
            try await services.host.deleteRun(
                try context.parameters.decoded("id"),
                tenant: caller.tenant,
                principal: caller.principal
            )
            return APIResponse.noContent()
        }
        api.post("workflow-runs/{id}/rerun") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let run = try await services.host.rerun(
                try context.parameters.decoded("id"),
                tenant: caller.tenant,
                principal: caller.principal,
                fromStep: try body.string("from_step"),
                dryRun: try body.bool("dry_run"),
                actorType: caller.actorType
            )
            return APIResponse.json(["run_id": .string(run.id)])
        }
        api.post("workflow-runs/{id}/cancel") { request, context -> Response in
            try await cancelRun(try context.parameters.decoded("id"), request: request, context: context)
        }
        api.post("workflows/{id}/runs/{run}/cancel") { request, context -> Response in
            try await cancelRun(try context.parameters.decoded("run"), request: request, context: context)
        }
        api.post("workflows/{id}/runs/{run}/steps/{step}/approve") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            guard let approved = try body.bool("approved") else {
                throw HostError(.invalidArgument, "field approved is required (true or false)")
            }
            let approval = try await services.host.decideStep(
                runID: try context.parameters.decoded("run"),
                stepID: try context.parameters.decoded("step"),
                approved: approved,
                tenant: caller.tenant,
                principal: caller.principal,
                reason: try body.string("reason") ?? ""
            )
            return APIResponse.json(approval.json)
        }
    }

    private func cancelRun(_ id: String, request: Request, context: HostRequestContext) async throws -> Response {
        let caller = try context.caller()
        let body = try await object(request)
        try await services.host.cancelRun(
            id,
            tenant: caller.tenant,
            principal: caller.principal,
            reason: try body.string("reason")
        )
        return APIResponse.noContent()
    }
}
