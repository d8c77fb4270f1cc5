public import Hummingbird
public import Logging

/// Logs one line per answered request: method, path (without the query), status, principal, key id and tenant.
/// Never headers, query strings or bodies, so keys and payloads stay out of logs. Failed requests are logged by
/// ``APIErrorMiddleware``.
public struct APIRequestLogMiddleware: RouterMiddleware {
    /// The request context.
    public typealias Context = HostRequestContext

    /// Where requests are logged.
    public let logger: Logger

    /// Creates the middleware.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Calls the route, then logs its status.
    public func handle(
        _ request: Request,
        context: HostRequestContext,
        next: (Request, HostRequestContext) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        logger.info(
            "request",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)",
                "principal": "\(context.identity?.principal ?? "")", "key_id": "\(context.identity?.keyID ?? "")",
                "tenant": "\(context.identity?.tenant ?? "")",
            ]
        )
        return response
    }
}
