import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/jobs`: jobs outside workflows pass the same safety gate and scheduler as step jobs.
    func addJobRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("jobs") { request, context -> Response in
            let caller = try context.caller()
            let submission = try Self.jobSubmission(try await object(request))
            let job = try await services.host.submitJob(
                submission,
                tenant: caller.tenant,
                principal: caller.principal,
                actorType: caller.actorType
            )
            return APIResponse.json(job.json)
        }
        api.get("jobs") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var state: JobState?
            if let text = query.string("state") {
                guard let parsed = JobState(rawValue: text) else {
                    throw HostError(
                        .invalidArgument,
                        "query parameter state must be one of "
                            + JobState.allCases.map(\.rawValue).joined(separator: ", ") + ", not \(text)"
                    )
                }
                state = parsed
            }
            let jobs = try await services.host.jobs(
                tenant: caller.tenant,
                filter: JobFilter(
                    state: state,
                    runID: query.string("run_id"),
                    topic: query.string("topic"),
                    limit: try query.int("limit", default: 100, range: 1...1000)
                )
            )
            return APIResponse.items(jobs.map(\.json))
        }
        api.get("jobs/{id}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                try await services.host.job(try context.parameters.decoded("id"), tenant: caller.tenant).json
            )
        }
        api.post("jobs/{id}/cancel") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let job = try await services.host.cancelJob(
                try context.parameters.decoded("id"),
                tenant: caller.tenant,
                principal: caller.principal,
                reason: try body.string("reason")
            )
            return APIResponse.json(job.json)
        }
        api.post("jobs/{id}/remediate") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let job = try await services.host.remediate(
                try context.parameters.decoded("id"),
                remediationID: try body.string("remediation_id"),
                tenant: caller.tenant,
                principal: caller.principal
            )
            return APIResponse.json(job.json)
        }
    }

    /// Reads `{topic, input, meta:{pack_id,capability,risk_tags,requires,idempotency_key}, labels, timeout_sec,
    /// lock:{resource, mode?, ttl_sec?}}`.
    static func jobSubmission(_ body: BodyObject) throws(HostError) -> JobSubmission {
        let meta = try BodyObject(.object(try body.object("meta") ?? [:]))
        var lock: JobLock?
        if let value = try body.object("lock") {
            let fields = try BodyObject(.object(value))
            let mode = try LockMode(parsing: try fields.string("mode"))
            lock = JobLock(
                resource: try fields.requiredString("resource"),
                mode: mode,
                ttlSeconds: try fields.int("ttl_sec")
            )
        }
        if let timeout = try body.int("timeout_sec"), timeout < 0 {
            throw HostError(.invalidArgument, "field timeout_sec must not be negative, not \(timeout)")
        }
        return JobSubmission(
            topic: try body.requiredString("topic"),
            input: body["input"] ?? [:],
            packID: try meta.string("pack_id"),
            capability: try meta.string("capability"),
            riskTags: try meta.strings("risk_tags") ?? [],
            requires: try meta.strings("requires") ?? [],
            labels: try body.stringMap("labels") ?? [:],
            idempotencyKey: try meta.string("idempotency_key"),
            lock: lock,
            timeoutSeconds: try body.int("timeout_sec"),
            actorType: try meta.string("actor_type")
        )
    }
}
