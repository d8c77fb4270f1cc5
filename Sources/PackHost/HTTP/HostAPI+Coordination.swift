import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/locks`: per-tenant resource locks with Cordum's rules; a lock taken here belongs to the caller's principal,
    /// and a running job's lock to the host (``LockHolder``).
    func addCoordinationRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("locks") { request, context -> Response in
            let caller = try context.caller()
            guard let resource = QueryParameters(request).string("resource") else {
                throw HostError(.invalidArgument, "query parameter resource is required")
            }
            return APIResponse.json(try services.locks.get(tenant: caller.tenant, resource: resource).json)
        }
        api.post("locks/acquire") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let lock = try services.locks.acquire(
                tenant: caller.tenant,
                resource: try body.requiredString("resource"),
                owner: try body.requiredString("owner"),
                mode: try LockMode(parsing: try body.string("mode")),
                ttlMilliseconds: try Self.ttl(body),
                holder: .principal(caller.principal)
            )
            return APIResponse.json(lock.json)
        }
        api.post("locks/release") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let resource = try body.requiredString("resource")
            let lock = try services.locks.release(
                tenant: caller.tenant,
                resource: resource,
                owner: try body.requiredString("owner"),
                holder: .principal(caller.principal)
            )
            // Cordum's answer: `{lock, released}`, `lock` null once no owner is left. The lock's fields are also
            // kept at the top level (the host's earlier answer).
            var fields = lock?.json.objectValue ?? ["resource": .string(resource), "owners": [:]]
            fields["lock"] = lock?.json ?? .null
            fields["released"] = true
            return APIResponse.json(.object(fields))
        }
        api.post("locks/renew") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let lock = try services.locks.renew(
                tenant: caller.tenant,
                resource: try body.requiredString("resource"),
                owner: try body.requiredString("owner"),
                ttlMilliseconds: try Self.ttl(body),
                holder: .principal(caller.principal)
            )
            return APIResponse.json(lock.json)
        }
    }

    private static func ttl(_ body: BodyObject) throws(HostError) -> Int64 {
        let ttl = try body.int("ttl_ms") ?? 0
        guard ttl >= 0 else { throw HostError(.invalidArgument, "field ttl_ms must not be negative, not \(ttl)") }
        return Int64(ttl)
    }
}
