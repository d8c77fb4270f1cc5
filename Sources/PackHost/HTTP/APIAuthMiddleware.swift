import Foundation
public import HTTPTypes
public import Hummingbird

/// Checks `X-API-Key` and the tenant (`X-Tenant-ID`, or `X-Cordum-Tenant` as Cordum's SDK sends it) on every
/// request but `GET /health`, and puts the caller's ``APIIdentity`` in the context. No key or an unknown key is
/// `401 unauthenticated`; no tenant, or two tenant headers that disagree, is `400 invalid_argument`; a key that
/// may not act for the tenant is `403 forbidden`.
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
    /// The `X-Cordum-Tenant` header, which Cordum's Python SDK sends on every request of a client made with a
    /// tenant.
    public static let cordumTenantHeader = HTTPField.Name("X-Cordum-Tenant")!
    /// The one path answered without authentication (health checks).
    public static let healthPath = "/health"

    /// Authenticates, then calls the route.
    public func handle(
        _ request: Request,
        context: HostRequestContext,
        next: (Request, HostRequestContext) async throws -> Response
    ) async throws -> Response {
        if request.uri.path == Self.healthPath { return try await next(request, context) }
        // Approval callbacks carry an integration's signature instead of a key (HostAPI+ApprovalCallback).
        if request.method == .post, request.uri.path == HostAPI.approvalCallbackPath {
            return try await next(request, context)
        }
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
        let named = headers[Self.tenantHeader]?.trimmingCharacters(in: .whitespaces) ?? ""
        let cordum = headers[Self.cordumTenantHeader]?.trimmingCharacters(in: .whitespaces) ?? ""
        if !named.isEmpty, !cordum.isEmpty, named != cordum {
            throw HostError(
                .invalidArgument,
                "X-Tenant-ID (\(named)) and X-Cordum-Tenant (\(cordum)) name different tenants; send one tenant"
            )
        }
        let tenant = named.isEmpty ? cordum : named
        guard !tenant.isEmpty else {
            throw HostError(.invalidArgument, "X-Tenant-ID (or X-Cordum-Tenant) is required")
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
