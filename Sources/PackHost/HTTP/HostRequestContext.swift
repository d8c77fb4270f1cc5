public import Hummingbird
public import HummingbirdWebSocket

/// The request context of the host API: Hummingbird's core context plus the caller's identity, which the
/// authentication middleware sets before any route runs.
public struct HostRequestContext: RequestContext, WebSocketRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once authenticated.
    public var identity: APIIdentity?
    /// The console session token the request authenticated with, if it used the session cookie.
    public var sessionToken: String?
    /// Where a WebSocket upgrade (`GET /api/v1/stream`) keeps its handler.
    public let webSocket = WebSocketHandlerReference<HostRequestContext>()

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        identity = nil
        sessionToken = nil
    }

    /// The caller; routes run only after authentication, so a missing identity is an internal error.
    public func caller() throws(HostError) -> APIIdentity {
        guard let identity else { throw HostError(.unauthenticated, "X-API-Key is required") }
        return identity
    }
}
