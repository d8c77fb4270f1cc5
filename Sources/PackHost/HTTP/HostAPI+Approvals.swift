import Hummingbird
import StructuredData

extension HostAPI {
    /// `/approvals`: the tenant's approvals (held jobs and approval steps), bound to the digest of the action.
    func addApprovalRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("approvals") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var status: ApprovalStatus? = .pending
            if let text = query.string("status") {
                if text == "all" {
                    status = nil
                } else if let parsed = ApprovalStatus(rawValue: text) {
                    status = parsed
                } else {
                    throw HostError(
                        .invalidArgument,
                        "query parameter status must be all or one of "
                            + ApprovalStatus.allCases.map(\.rawValue).joined(separator: ", ") + ", not \(text)"
                    )
                }
            }
            let approvals = try await services.host.approvals(
                tenant: caller.tenant,
                status: status,
                limit: try query.int("limit", default: 100, range: 1...1000)
            )
            var items: [JSONValue] = []
            for approval in approvals {
                items.append(Self.approvalItem(approval, job: try await heldJob(approval, tenant: caller.tenant)))
            }
            return APIResponse.items(items)
        }
        api.get("approvals/{id}") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.json(
                try await services.host.approval(try context.parameters.decoded("id"), tenant: caller.tenant).json
            )
        }
        api.post("approvals/{id}/approve") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let id = try context.parameters.decoded("id")
            // An id that names a job resolves to its approval, as GET /approvals/{id} does.
            let approval = try await services.host.approval(id, tenant: caller.tenant)
            var reason = try body.string("reason") ?? ""
            if let note = try body.string("note"), !note.isEmpty {
                reason = reason.isEmpty ? note : "\(reason) (\(note))"
            }
            let granted = try await services.host.approve(
                approval.id,
                tenant: caller.tenant,
                principal: caller.principal,
                reason: reason,
                expectedDigest: try body.string("digest")
            )
            return APIResponse.json(
                Self.approvalItem(granted, job: try await heldJob(granted, tenant: caller.tenant))
            )
        }
        api.post("approvals/{id}/reject") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let approval = try await services.host.approval(try context.parameters.decoded("id"), tenant: caller.tenant)
            let rejected = try await services.host.reject(
                approval.id,
                tenant: caller.tenant,
                principal: caller.principal,
                reason: try body.string("reason") ?? ""
            )
            return APIResponse.json(
                Self.approvalItem(rejected, job: try await heldJob(rejected, tenant: caller.tenant))
            )
        }
    }

    /// The job an approval holds, if it is a job approval.
    private func heldJob(_ approval: Approval, tenant: String) async throws -> HostJob? {
        guard let jobID = approval.jobID else { return nil }
        return try? await services.host.job(jobID, tenant: tenant)
    }

    /// An approval as Cordum's approval list item and approve answer: the approval's own JSON plus `job` (the
    /// held job's record), `job_id`, `trace_id`, `decision` (the gate's), `policy_rule_id`, `policy_reason`,
    /// `constraints`, `approval_required` and `approval_ref`.
    static func approvalItem(_ approval: Approval, job: HostJob?) -> JSONValue {
        var fields = approval.json.objectValue ?? [:]
        fields["approval_required"] = true
        fields["approval_ref"] = .string(approval.id)
        if let job {
            fields["job"] = job.apiJSON
            fields["trace_id"] = .string(job.traceID)
            if let decision = job.decision {
                fields["decision"] = .string(decision.decision)
                fields["policy_rule_id"] = .string(decision.ruleID)
                fields["policy_reason"] = .string(decision.reason)
                fields["constraints"] = decision.constraints ?? .null
            }
        } else if let runID = approval.runID {
            fields["trace_id"] = .string(runID)
        }
        return .object(fields)
    }
}
