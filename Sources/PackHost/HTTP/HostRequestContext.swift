public import Hummingbird

/// The request context of the host API: Hummingbird's core context plus the caller's identity, which the
/// authentication middleware sets before any route runs.
public struct HostRequestContext: RequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The caller, once authenticated.
    public var identity: APIIdentity?

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        identity = nil
    }

    /// The caller; routes run only after authentication, so a missing identity is an internal error.
    public func caller() throws(HostError) -> APIIdentity {
        guard let identity else { throw HostError(.unauthenticated, "X-API-Key is required") }
        return identity
    }
}
