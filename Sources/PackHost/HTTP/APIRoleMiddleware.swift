public import HTTPTypes
public import Hummingbird

/// Checks that the caller's key has the role a route needs, before the route runs.
///
/// One table for the whole API, so a reviewer reads in one place who may change what: reads (`GET`, and the
/// policy questions `evaluate`, `simulate`, `explain`, and a pack's `verify`) need no role; deciding approvals
/// needs `approve`; installing packs, changing policy and webhook subscriptions need `admin`; every other change
/// needs `submit` (the approval callback is signed by an integration instead, docs/events.md). A
/// route added later is covered by the last rule, so it is never open to a key with no role. Routes with finer
/// admin rules (config scopes, audit verification) still check them themselves.
public struct APIRoleMiddleware: RouterMiddleware {
    /// The request context.
    public typealias Context = HostRequestContext

    /// Creates the middleware.
    public init() {}

    /// Refuses the request with `403 forbidden` when the caller's key lacks the route's role.
    public func handle(
        _ request: Request,
        context: HostRequestContext,
        next: (Request, HostRequestContext) async throws -> Response
    ) async throws -> Response {
        if let role = Self.requiredRole(method: request.method, path: request.uri.path),
            request.uri.path != HostAPI.approvalCallbackPath
        {
            let caller = try context.caller()
            try caller.require(role, "\(request.method) \(request.uri.path)")
        }
        return try await next(request, context)
    }

    /// The role a request needs, or nil for a read.
    public static func requiredRole(method: HTTPRequest.Method, path: String) -> APIRole? {
        if method == .get || method == .head || method == .options { return nil }
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.count >= 2, parts[0] == "api", parts[1] == "v1" { parts.removeFirst(2) }
        guard let area = parts.first else { return .submit }
        let last = parts.last ?? ""
        switch area {
        case "policy":
            // Questions to the policy change nothing; publishing, rollback and bundle edits do.
            return ["evaluate", "simulate", "explain"].contains(last) ? nil : .admin
        case "packs":
            if parts.count == 3, last == "verify" { return nil }
            return .admin
        case "session":
            // Signing in and out of the console: the key is checked by the route itself.
            return nil
        case "marketplace", "subscriptions":
            return .admin
        case "approvals":
            return .approve
        case "workflows" where parts.count == 7 && parts[4] == "steps" && (last == "approve" || last == "reject"):
            return .approve
        default:
            return .submit
        }
    }
}
