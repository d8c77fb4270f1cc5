public import NIOHTTP1
public import StructuredData

/// One vendor API call: method, absolute URL, headers and body. The body is kept as bytes so retries resend it.
public struct VendorRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The absolute URL.
    public var url: String
    /// Headers; credential headers are masked in logs and registered as secrets when sent.
    public var headers: HTTPHeaders
    /// The body, if any.
    public var body: [UInt8]?
    /// A request id for logs; one is generated when `nil`.
    public var requestID: String?
    /// Overrides the policy's idempotency rule: whether 5xx, timeouts and connection failures may be retried.
    public var isIdempotent: Bool?

    /// A request.
    /// - Parameters:
    ///   - method: Default GET.
    ///   - url: The absolute URL.
    ///   - headers: Headers.
    ///   - body: The body.
    public init(method: HTTPMethod = .GET, url: String, headers: HTTPHeaders = [:], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// A request with a JSON body (`Content-Type: application/json`). A structured-syntax JSON type the headers
    /// already name (`application/merge-patch+json`, Kubernetes' `application/strategic-merge-patch+json`,
    /// `application/vnd.api+json`) is kept: those bodies are JSON too, and the vendor reads the patch by its type.
    public static func json(
        _ method: HTTPMethod,
        url: String,
        body: JSONValue,
        headers: HTTPHeaders = [:]
    ) -> VendorRequest {
        let given = headers.first(name: "Content-Type") ?? ""
        let mediaType = given.split(separator: ";").first.map { $0.lowercased().filter { !$0.isWhitespace } } ?? ""
        return withBody(
            method,
            url: url,
            headers: headers,
            body: Array(JSONEncoding.compact(body).utf8),
            type: mediaType.hasSuffix("+json") ? given : "application/json"
        )
    }

    /// A request with an `application/x-www-form-urlencoded` body (``FormURLEncoding``): Slack's Web API, OAuth
    /// token endpoints, AWS query APIs.
    /// - Parameters:
    ///   - method: Default POST.
    ///   - url: The absolute URL.
    ///   - fields: The names and values, in order; a name may repeat.
    ///   - headers: Headers.
    public static func form(
        _ method: HTTPMethod = .POST,
        url: String,
        fields: [(String, String)],
        headers: HTTPHeaders = [:]
    ) -> VendorRequest {
        withBody(
            method,
            url: url,
            headers: headers,
            body: Array(FormURLEncoding.encode(fields).utf8),
            type: "application/x-www-form-urlencoded;charset=UTF-8"
        )
    }

    /// A request with a `multipart/form-data` body (``MultipartForm``): file uploads and attachments.
    /// - Parameters:
    ///   - method: Default POST.
    ///   - url: The absolute URL.
    ///   - form: The fields and files.
    ///   - headers: Headers.
    /// - Throws: `invalid_input` when a file's media type is not `type/subtype`.
    public static func multipart(
        _ method: HTTPMethod = .POST,
        url: String,
        form: MultipartForm,
        headers: HTTPHeaders = [:]
    ) throws(WorkerError) -> VendorRequest {
        let (body, contentType) = try form.encoded()
        return withBody(method, url: url, headers: headers, body: body, type: contentType)
    }

    /// A request whose body is `body`, with `Content-Type: type` in place of any the headers had.
    private static func withBody(
        _ method: HTTPMethod,
        url: String,
        headers: HTTPHeaders,
        body: [UInt8],
        type: String
    ) -> VendorRequest {
        var request = VendorRequest(method: method, url: url, headers: headers, body: body)
        request.headers.replaceOrAdd(name: "Content-Type", value: type)
        return request
    }

    /// Whether failures after the request may have reached the vendor can be retried safely.
    var mayRetryAfterSending: Bool {
        if let isIdempotent { return isIdempotent }
        switch method {
        case .GET, .HEAD, .PUT, .DELETE, .OPTIONS, .TRACE: return true
        default: return headers.contains(name: "Idempotency-Key")
        }
    }
}

extension VendorHTTPClient {
    /// `headers` with the client's ``userAgent`` added, unless they name a `User-Agent` of their own.
    public func addingUserAgent(to headers: HTTPHeaders) -> HTTPHeaders {
        guard let userAgent, !headers.contains(name: "User-Agent") else { return headers }
        var headers = headers
        headers.add(name: "User-Agent", value: userAgent)
        return headers
    }
}
