import Foundation
public import HTTPTypes
public import Hummingbird

/// Checks `X-API-Key` and `X-Tenant-ID` on every request and puts the caller's ``APIIdentity`` in the context.
/// No key or an unknown key is `401 unauthenticated`; no tenant is `400 invalid_argument`; a key that may not
/// act for the tenant is `403 forbidden`.
public struct APIAuthMiddleware: RouterMiddleware {
    /// The request context.
    public typealias Context = HostRequestContext

    /// The accepted keys.
    public let keys: APIKeyStore

    /// Creates the middleware.
    public init(keys: APIKeyStore) {
        self.keys = keys
    }

    /// The `X-API-Key` header.
    public static let apiKeyHeader = HTTPField.Name("X-API-Key")!
    /// The `X-Tenant-ID` header.
    public static let tenantHeader = HTTPField.Name("X-Tenant-ID")!

    /// Authenticates, then calls the route.
    public func handle(
        _ request: Request,
        context: HostRequestContext,
        next: (Request, HostRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.identity = try identify(request.headers)
        return try await next(request, context)
    }

    /// The identity of a request with these headers.
    public func identify(_ headers: HTTPFields) throws(HostError) -> APIIdentity {
        guard let presented = headers[Self.apiKeyHeader], !presented.isEmpty else {
            throw HostError(.unauthenticated, "X-API-Key is required")
        }
        guard let key = keys.authenticate(presented) else {
            throw HostError(.unauthenticated, "the API key is not valid")
        }
        let tenant = headers[Self.tenantHeader]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !tenant.isEmpty else {
            throw HostError(.invalidArgument, "X-Tenant-ID is required")
        }
        guard key.allows(tenant: tenant) else {
            throw HostError(.forbidden, "API key \(key.id) may not act for tenant \(tenant)")
        }
        return APIIdentity(
            keyID: key.id,
            principal: key.principal,
            tenant: tenant,
            roles: key.roles,
            actorType: key.actorType
        )
    }
}
