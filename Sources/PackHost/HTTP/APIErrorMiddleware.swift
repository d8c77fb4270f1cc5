public import Hummingbird
public import Logging
import StructuredData

/// Turns every error into Cordum-style JSON, `{"error":{"code","message"}}`, with the status of the code, and
/// logs one line per failed request (method, path without query, status, code; never headers or bodies).
public struct APIErrorMiddleware: RouterMiddleware {
    /// The request context.
    public typealias Context = HostRequestContext

    /// Where failures are logged.
    public let logger: Logger

    /// Creates the middleware.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Calls the route and maps what it throws.
    public func handle(
        _ request: Request,
        context: HostRequestContext,
        next: (Request, HostRequestContext) async throws -> Response
    ) async throws -> Response {
        let error: HostError
        do {
            return try await next(request, context)
        } catch let thrown as HostError {
            error = thrown
        } catch let thrown as HTTPError {
            error = Self.hostError(thrown)
        } catch let thrown as any HTTPResponseError {
            error = HostError(Self.code(forStatus: thrown.status.code), "the request failed (\(thrown.status.code))")
        } catch {
            // The type names the failure (a dropped connection, a storage error) without its message, which may
            // quote request data.
            logger.error(
                "unexpected error",
                metadata: [
                    "method": "\(request.method)", "path": "\(request.uri.path)",
                    "error_type": "\(String(reflecting: type(of: error)))",
                ]
            )
            return APIResponse.error(HostError(.internal, "internal error"))
        }
        logger.info(
            "request failed",
            metadata: [
                "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(error.code.httpStatus)",
                "code": "\(error.code)",
            ]
        )
        return APIResponse.error(error)
    }

    /// A Hummingbird error as a host error (unknown routes and methods, bodies over the limit).
    static func hostError(_ error: HTTPError) -> HostError {
        switch error.status.code {
        case 404: HostError(.notFound, error.body ?? "no such route")
        case 405: HostError(.invalidArgument, error.body ?? "method not allowed on this route")
        case 413: HostError(.tooLarge, error.body ?? "the request body is too large")
        default: HostError(code(forStatus: error.status.code), error.body ?? "the request failed")
        }
    }

    /// The host error code for an HTTP status.
    static func code(forStatus status: Int) -> HostError.Code {
        switch status {
        case 400, 405, 415, 422: .invalidArgument
        case 401: .unauthenticated
        case 403: .forbidden
        case 404: .notFound
        case 409: .conflict
        case 413: .tooLarge
        case 429: .tooManyRequests
        case 503: .unavailable
        default: .internal
        }
    }
}
