import Hummingbird
import StructuredData

extension HostAPI {
    /// `GET /audit` (the caller's tenant's records) and `GET /audit/verify` (admin; the whole chain, against the
    /// host's signed checkpoint).
    func addAuditRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("audit") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var since: Int64 = 0
            if let text = query.string("since") {
                guard let value = Int64(text), value >= 0 else {
                    throw HostError(
                        .invalidArgument,
                        "query parameter since must be a sequence number (>= 0), not \(text)"
                    )
                }
                since = value
            }
            let records = try services.audit.records(
                tenant: caller.tenant,
                since: since,
                limit: try query.int("limit", default: 1000, range: 1...AuditLog.maximumPageSize)
            )
            return APIResponse.items(records.map(\.exportJSON))
        }
        api.get("audit/verify") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("verifying the audit log")
            let anchor = try QueryParameters(request).string("anchor").map { text throws(HostError) in
                try AuditAnchor(parsing: text)
            }
            return APIResponse.json(try services.checkpointer.verify(services.audit, anchor: anchor).json)
        }
    }
}
