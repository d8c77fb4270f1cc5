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
    /// The console's sign-in sessions (cookie `cordum_session`), when the console is served.
    public let sessions: ConsoleSessions?

    /// Creates the middleware.
    /// - Parameters:
    ///   - keys: the accepted keys.
    ///   - sessions: the console's sessions; a request without `X-API-Key` may then authenticate with its cookie.
    public init(keys: APIKeyStore, sessions: ConsoleSessions? = nil) {
        self.keys = keys
        self.sessions = sessions
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
        // The console's page and assets carry no tenant data; signing in presents the key in the body.
        if HostAPI.isPublicConsolePath(request.method, request.uri.path) { return try await next(request, context) }
        var context = context
        if let sessions, request.headers[Self.apiKeyHeader] == nil, Self.webSocketKey(request.headers) == nil,
            let token = request.cookies[ConsoleSessions.cookieName]?.value, !token.isEmpty
        {
            context.identity = try identify(session: token, in: sessions, request: request)
            context.sessionToken = token
        } else {
            context.identity = try identify(request.headers, webSocketTenant: Self.webSocketTenant(request))
        }
        return try await next(request, context)
    }

    /// The identity of a request signed in to the console with the session `token`.
    /// - Throws: `unauthenticated` for an unknown or expired session (or one whose key is gone); `forbidden` for a
    ///   change without `X-Requested-With: cordum-console` or a tenant header naming another tenant.
    func identify(session token: String, in sessions: ConsoleSessions, request: Request) throws(HostError)
        -> APIIdentity
    {
        guard let session = sessions.session(token), let key = keys.keys.first(where: { $0.id == session.keyID })
        else {
            throw HostError(.unauthenticated, "the console session has expired or is not valid; sign in again")
        }
        let safe = request.method == .get || request.method == .head || request.method == .options
        if !safe, request.headers[Self.requestedWithHeader] != ConsoleSessions.consoleHeaderValue {
            throw HostError(
                .forbidden,
                "a change made with a console session needs the header X-Requested-With: cordum-console"
            )
        }
        for name in [Self.tenantHeader, Self.cordumTenantHeader] {
            if let named = request.headers[name]?.trimmingCharacters(in: .whitespaces), !named.isEmpty,
                named != session.tenant
            {
                throw HostError(.forbidden, "this console session acts for tenant \(session.tenant), not \(named)")
            }
        }
        return APIIdentity(
            keyID: key.id,
            principal: key.principal,
            tenant: session.tenant,
            roles: key.roles,
            actorType: key.actorType
        )
    }

    /// The `X-Requested-With` header the console sends with every change.
    public static let requestedWithHeader = HTTPField.Name("X-Requested-With")!

    /// The identity of a request with these headers.
    /// - Parameter webSocketTenant: the tenant a WebSocket upgrade names in its query (browsers cannot set headers).
    public func identify(_ headers: HTTPFields, webSocketTenant: String? = nil) throws(HostError) -> APIIdentity {
        guard let presented = headers[Self.apiKeyHeader] ?? Self.webSocketKey(headers), !presented.isEmpty else {
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
        let tenant = named.isEmpty ? (cordum.isEmpty ? webSocketTenant ?? "" : cordum) : named
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

    /// The WebSocket subprotocol Cordum's dashboard authenticates with: `Sec-WebSocket-Protocol: cordum-api-key,
    /// <the key, base64url without padding>`.
    public static let webSocketKeyProtocol = "cordum-api-key"

    /// The key a WebSocket upgrade carries in `Sec-WebSocket-Protocol`, as Cordum's gateway reads it.
    static func webSocketKey(_ headers: HTTPFields) -> String? {
        let offered = headers[values: .secWebSocketProtocol].flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard offered.contains(where: { $0.lowercased() == webSocketKeyProtocol }),
            let token = offered.first(where: { $0.lowercased() != webSocketKeyProtocol })
        else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// `?tenant=` of a WebSocket upgrade request.
    static func webSocketTenant(_ request: Request) -> String? {
        guard request.headers[.upgrade]?.lowercased() == "websocket" else { return nil }
        return request.uri.queryParameters.get("tenant")
    }
}
