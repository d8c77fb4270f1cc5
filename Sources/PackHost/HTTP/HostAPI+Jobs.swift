import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/jobs`: jobs outside workflows pass the same safety gate and scheduler as step jobs.
    func addJobRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("jobs") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            try Self.checkTenantFields(body, caller: caller)
            var submission = try Self.jobSubmission(body)
            if submission.idempotencyKey == nil {
                // The body's key first, then the gateway's header and query forms.
                submission.idempotencyKey = Self.runIdempotencyKey(request, query: QueryParameters(request))
            }
            let job = try await services.host.submitJob(
                submission,
                tenant: caller.tenant,
                principal: caller.principal,
                actorType: caller.actorType
            )
            return APIResponse.json(job.apiJSON)
        }
        api.get("jobs") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let states: [JobState?] =
                try query.string("state").map { text throws(HostError) in
                    try JobState.matching(text)
                } ?? [nil]
            if let tenant = query.string("tenant"), tenant != caller.tenant {
                return APIResponse.json(["items": [], "next_cursor": .null])
            }
            let limit = try query.int("limit", default: 100, range: 1...1000)
            var cursor: Timestamp?
            if let text = query.string("cursor") {
                guard let value = Int64(text), value > 0 else {
                    throw HostError(.invalidArgument, "query parameter cursor must be a next_cursor value, not \(text)")
                }
                cursor = Timestamp(milliseconds: value)
            }
            var jobs: [HostJob] = []
            for state in states {
                jobs += try await services.host.jobs(
                    tenant: caller.tenant,
                    filter: JobFilter(
                        state: state,
                        runID: query.string("run_id") ?? query.string("trace_id"),
                        topic: query.string("topic"),
                        createdBefore: cursor,
                        limit: limit
                    )
                )
            }
            jobs = Array(jobs.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.prefix(limit))
            let next: JSONValue =
                jobs.count == limit ? jobs.last.map { .integer(Int($0.createdAt.milliseconds)) } ?? .null : .null
            return APIResponse.json(["items": .array(jobs.map(\.apiJSON)), "next_cursor": next])
        }
        api.get("jobs/{id}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                try await services.host.job(try context.parameters.decoded("id"), tenant: caller.tenant).apiJSON
            )
        }
        api.get("jobs/{id}/decisions") { request, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            _ = try await services.host.job(id, tenant: caller.tenant)
            let limit = try QueryParameters(request).int("limit", default: 50, range: 1...1000)
            let records = try services.audit.records(
                tenant: caller.tenant,
                kind: "policy.decision",
                subject: id,
                limit: limit
            )
            return APIResponse.json(.array(records.map(Self.decisionJSON)))
        }
        api.get("traces/{id}") { _, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            var jobs = try await services.host.jobs(tenant: caller.tenant, filter: JobFilter(runID: id, limit: 1000))
            if jobs.isEmpty, let job = try? await services.host.job(id, tenant: caller.tenant), job.runID == nil {
                jobs = [job]
            }
            return APIResponse.json(.array(jobs.sorted { $0.createdAt < $1.createdAt }.map(\.apiJSON)))
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
            return APIResponse.json(job.apiJSON)
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
            return APIResponse.json(job.apiJSON)
        }
    }

    /// One gate decision of a job (a `policy.decision` audit record) as Cordum's safety decision record:
    /// `decision, rule_id, policy_snapshot, job_hash, approval_required, checked_at` (milliseconds), plus `action`
    /// and `evaluated_at` (the names Cordum's SDK reads), `phase`, `time` and `seq`.
    static func decisionJSON(_ record: AuditRecord) -> JSONValue {
        let data = record.event.data
        var fields: [String: JSONValue] = [
            "decision": data["decision"] ?? "",
            "rule_id": data["rule_id"] ?? "",
            "policy_snapshot": data["policy_snapshot"] ?? "",
            "job_hash": data["action_digest"] ?? "",
            "approval_required": .bool(data["decision"]?.stringValue == "REQUIRE_APPROVAL"),
            "checked_at": .integer(Int(record.time.milliseconds)),
            "action": data["decision"] ?? "",
            "evaluated_at": .string(record.time.description),
            "time": .string(record.time.description),
            "seq": .integer(Int(record.sequence)),
        ]
        fields["phase"] = data["phase"]
        fields["reason"] = data["reason"]
        return .object(fields)
    }

    /// Refuses a body whose `tenant_id` or `org_id` names another tenant than the request's (Cordum's gateway
    /// answers `403 tenant access denied`).
    static func checkTenantFields(_ body: BodyObject, caller: APIIdentity) throws(HostError) {
        for name in ["org_id", "tenant_id", "tenant"] {
            if let value = try body.string(name), !value.isEmpty, value != caller.tenant {
                throw HostError(.forbidden, "field \(name) names tenant \(value), not the request's tenant")
            }
        }
    }

    /// Reads Cordum's job body: `topic`; the input from `input`, else `context` (with `prompt` added to it);
    /// `pack_id`, `capability`, `risk_tags`, `requires`, `idempotency_key` and `labels` at the top level or under
    /// `meta`; and the host's `timeout_sec` (else `deadline_ms`, rounded up to seconds) and `lock:{resource, mode?,
    /// ttl_sec?}`.
    static func jobSubmission(_ body: BodyObject) throws(HostError) -> JobSubmission {
        let meta = try BodyObject(.object(try body.object("meta") ?? [:]))
        func metaString(_ name: String) throws(HostError) -> String? {
            if let value = try body.string(name) { return value }
            return try meta.string(name)
        }
        func metaStrings(_ name: String) throws(HostError) -> [String] {
            if let values = try body.strings(name) { return values }
            return try meta.strings(name) ?? []
        }
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
        var timeout = try body.int("timeout_sec")
        if let value = timeout, value < 0 {
            throw HostError(.invalidArgument, "field timeout_sec must not be negative, not \(value)")
        }
        if timeout == nil, let deadline = try body.int("deadline_ms") {
            guard deadline >= 0 else {
                throw HostError(.invalidArgument, "field deadline_ms must not be negative, not \(deadline)")
            }
            if deadline > 0 { timeout = (deadline + 999) / 1000 }
        }
        var labels = try meta.stringMap("labels") ?? [:]
        for (key, value) in try body.stringMap("labels") ?? [:] { labels[key] = value }
        return JobSubmission(
            topic: try body.requiredString("topic"),
            input: try jobInput(body),
            packID: try metaString("pack_id"),
            capability: try metaString("capability"),
            riskTags: try metaStrings("risk_tags"),
            requires: try metaStrings("requires"),
            labels: labels,
            idempotencyKey: try metaString("idempotency_key"),
            lock: lock,
            timeoutSeconds: timeout,
            actorType: try meta.string("actor_type")
        )
    }

    /// `input` when given; else Cordum's `context` (an object, or `{context}` for another value) with `prompt`
    /// added when the body has one; else `{prompt}` or `{}`.
    private static func jobInput(_ body: BodyObject) throws(HostError) -> JSONValue {
        if let input = body["input"] { return input }
        let prompt = try body.string("prompt")
        var fields: [String: JSONValue]
        switch body["context"] {
        case nil: fields = [:]
        case .object(let object)?: fields = object
        case let other?: fields = ["context": other]
        }
        if let prompt, fields["prompt"] == nil { fields["prompt"] = .string(prompt) }
        return .object(fields)
    }
}
