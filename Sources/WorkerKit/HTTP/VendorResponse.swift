public import NIOHTTP1
public import StructuredData

/// A vendor's answer: below 400 from ``VendorHTTPClient/send(_:logger:)``, any status in a ``VendorCallFailure``.
public struct VendorResponse: Sendable {
    /// The status code.
    public var status: Int
    /// The headers.
    public var headers: HTTPHeaders
    /// The body.
    public var body: [UInt8]
    /// The vendor's request id (`x-request-id`, `x-<vendor>-request-id`, …), else the one generated for the call.
    public var requestID: String
    /// Tries it took, the first included.
    public var attempts: Int
    /// The request id the vendor sent, `nil` when it sent none (``requestID`` is then the worker's own).
    public var vendorRequestID: String?

    /// An answer.
    /// - Parameters:
    ///   - status: The status code.
    ///   - headers: The headers.
    ///   - body: The body.
    ///   - requestID: The vendor's request id, else the worker's.
    ///   - attempts: Tries it took; default 1.
    ///   - vendorRequestID: The request id the vendor sent, if any.
    public init(
        status: Int,
        headers: HTTPHeaders,
        body: [UInt8],
        requestID: String,
        attempts: Int = 1,
        vendorRequestID: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.attempts = attempts
        self.vendorRequestID = vendorRequestID
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as JSON.
    /// - Throws: ``WorkerError`` `vendor_error` when it is not JSON.
    public func json() throws(WorkerError) -> JSONValue {
        if body.isEmpty { return .null }
        do {
            return try JSONParser.parse(body, file: "response").value
        } catch {
            throw WorkerError(
                code: .vendorError,
                message: "The vendor's answer (request id \(requestID)) is not JSON: \(error.code.rawValue)."
            )
        }
    }

    /// The body as a value: XML mapped by ``XMLValueDecoder`` when `Content-Type` is `application/xml`, `text/xml`
    /// or `+xml`, else JSON; `null` when empty.
    /// - Parameter xml: The XML decoder (list element names, limits); default ``XMLValueDecoder/init(listItemNames:maxBytes:maxDepth:)``.
    /// - Throws: ``WorkerError`` `vendor_error` naming the problem (not JSON, not well-formed XML, a DTD refused).
    public func value(xml: XMLValueDecoder = XMLValueDecoder()) throws(WorkerError) -> JSONValue {
        try AnswerDecoding.value(body, headers: headers, vendor: "The vendor", requestID: requestID, xml: xml)
    }

    /// The `rel="next"` target of the `Link` headers, if any.
    public var nextLink: String? { LinkHeader.target(rel: "next", in: headers["link"]) }
}
