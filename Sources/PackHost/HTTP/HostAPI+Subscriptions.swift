import Hummingbird
import StructuredData

extension HostAPI {
    /// `/subscriptions`: the tenant's outbound webhooks and their delivery history (docs/events.md). Creating
    /// and removing one needs the admin role; the secret is never shown back.
    func addSubscriptionRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("subscriptions") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            guard let url = try body.string("url"), !url.isEmpty else {
                throw HostError(.invalidArgument, "url is required (where deliveries are POSTed)")
            }
            guard let secret = try body.string("secret") else {
                throw HostError(.invalidArgument, "secret is required (at least 16 characters; it signs deliveries)")
            }
            let subscription = try await services.subscriptions.subscribe(
                tenant: caller.tenant,
                principal: caller.principal,
                url: url,
                types: try body.strings("types") ?? [],
                workflowID: try body.string("workflow_id"),
                packID: try body.string("pack_id"),
                secret: secret
            )
            return APIResponse.json(subscription.json, status: .created)
        }
        api.get("subscriptions") { _, context -> Response in
            let caller = try context.caller()
            return APIResponse.items(try await services.subscriptions.subscriptions(tenant: caller.tenant).map(\.json))
        }
        api.get("subscriptions/{id}") { _, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            return APIResponse.json(try await services.subscriptions.subscription(id, tenant: caller.tenant).json)
        }
        api.delete("subscriptions/{id}") { _, context -> Response in
            let caller = try context.caller()
            try await services.subscriptions.unsubscribe(try context.parameters.decoded("id"), tenant: caller.tenant)
            return APIResponse.noContent()
        }
        api.get("subscriptions/{id}/deliveries") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            var status: WebhookDelivery.Status?
            if let text = query.string("status") {
                guard let parsed = WebhookDelivery.Status(rawValue: text) else {
                    throw HostError(
                        .invalidArgument,
                        "query parameter status must be one of "
                            + WebhookDelivery.Status.allCases.map(\.rawValue).joined(separator: ", ") + ", not \(text)"
                    )
                }
                status = parsed
            }
            let deliveries = try await services.subscriptions.deliveries(
                of: try context.parameters.decoded("id"),
                tenant: caller.tenant,
                status: status,
                limit: try query.int("limit", default: 100, range: 1...1000)
            )
            return APIResponse.items(deliveries.map(\.json))
        }
    }
}
