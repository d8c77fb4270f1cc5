public import NIOHTTP1
public import StructuredData
public import WorkerKit

/// One successful GitHub answer, possibly served from the ETag cache after a 304.
public struct GitHubAnswer: Sendable {
    /// The status GitHub sent (304 when the cached body was reused).
    public var status: Int
    /// GitHub's headers.
    public var headers: HTTPHeaders
    /// The body (the cached one after a 304).
    public var body: [UInt8]
    /// `x-github-request-id`, else the worker's own request id.
    public var requestID: String
    /// Whether the body came from the ETag cache.
    public var fromCache: Bool
    /// The `rel="next"` link (kept with cached pages).
    public var nextLink: String?

    /// The body as JSON (`null` when empty).
    /// - Throws: `vendor_error` when it is not JSON.
    public func json() throws(WorkerError) -> JSONValue {
        guard !body.isEmpty else { return .null }
        do {
            return try JSONParser.parse(body, file: "response").value
        } catch {
            throw WorkerError(
                code: .vendorError,
                message: "GitHub's answer (request id \(requestID)) is not JSON: \(error.code.rawValue)."
            )
        }
    }

    /// The rate-limit headers.
    public var rateLimit: RateLimitInfo? { RateLimitInfo(headers: headers) }
}
