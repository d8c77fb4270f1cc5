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
            return APIResponse.items(approvals.map(\.json))
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
            return APIResponse.json(granted.json)
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
            return APIResponse.json(rejected.json)
        }
    }
}
