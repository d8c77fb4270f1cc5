public import NIOHTTP1
public import StructuredData

/// One successful vendor answer as the action runtime reads it, possibly served from a cache.
public struct ActionAnswer: Sendable {
    /// The status the vendor sent (304 when a cached body was reused).
    public var status: Int
    /// The vendor's headers.
    public var headers: HTTPHeaders
    /// The body (the cached one after a 304).
    public var body: [UInt8]
    /// The vendor's request id (the output's `request_id`); empty when the vendor sent none.
    public var requestID: String
    /// Whether the body came from a cache (the output's `cached`).
    public var cached: Bool
    /// The `rel="next"` link, kept with cached pages; default read from `headers`.
    public var nextLink: String?

    /// An answer.
    /// - Parameters:
    ///   - status: The status.
    ///   - headers: The headers.
    ///   - body: The body.
    ///   - requestID: The vendor's request id; empty when it sent none.
    ///   - cached: Whether it came from a cache.
    ///   - nextLink: The next-page link; default the `Link` header's `rel="next"`.
    public init(
        status: Int,
        headers: HTTPHeaders,
        body: [UInt8],
        requestID: String,
        cached: Bool = false,
        nextLink: String? = nil
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.requestID = requestID
        self.cached = cached
        self.nextLink = nextLink ?? LinkHeader.target(rel: "next", in: headers["link"])
    }

    /// The answer of ``VendorHTTPClient/call(_:logger:)``.
    public init(_ response: VendorResponse) {
        self.init(
            status: response.status,
            headers: response.headers,
            body: response.body,
            requestID: response.vendorRequestID ?? ""
        )
    }

    /// The body as a value (`null` when empty): XML mapped by ``XMLValueDecoder`` when `Content-Type` is
    /// `application/xml`, `text/xml` or `+xml` (AWS query APIs), else JSON. The action runtime reads every answer
    /// this way, so an XML vendor's `result` is the mapped value.
    /// - Parameter vendor: The vendor's name, for the message.
    /// - Throws: `vendor_error` when it is not JSON, or not well-formed or refused XML (a DTD).
    public func json(vendor: String = "The vendor") throws(WorkerError) -> JSONValue {
        try AnswerDecoding.value(body, headers: headers, vendor: vendor, requestID: requestIDText)
    }

    /// The answer as ``VendorResponse`` (for ``OperationPoller`` and other HTTP helpers); `attempts` is 1 and the
    /// request id is the vendor's, if it sent one.
    public var response: VendorResponse {
        VendorResponse(
            status: status,
            headers: headers,
            body: body,
            requestID: requestIDText,
            attempts: 1,
            vendorRequestID: requestID.isEmpty ? nil : requestID
        )
    }

    /// The request id for messages: `none` when the vendor sent none.
    var requestIDText: String { requestID.isEmpty ? "none" : requestID }
}
