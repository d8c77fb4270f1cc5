public import NIOHTTP1
public import StructuredData

/// The vendor request an action makes, before the profile's base URL, headers and credentials are added.
///
/// ```swift
/// ActionRequest(method: .POST, path: "/projects/\(URLEncoding.path(key))/issues", body: ["title": "Bug"])
/// ```
public struct ActionRequest: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path below the profile's base URL, percent-encoded (`/repos/acme/api/issues/7`).
    public var path: String
    /// Query parameters, in order.
    public var query: [QueryItem]
    /// The JSON body, if any (sent as `application/json`).
    public var body: JSONValue?
    /// Headers this action adds to the transport's (an `Accept` of its own, …); never credentials.
    public var headers: HTTPHeaders

    /// One query parameter.
    public struct QueryItem: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value, not yet encoded.
        public var value: String

        /// A parameter.
        /// - Parameters:
        ///   - name: The name.
        ///   - value: The value, not yet encoded.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A request.
    /// - Parameters:
    ///   - method: The method.
    ///   - path: The percent-encoded path below the base URL.
    ///   - query: Query parameters.
    ///   - body: The JSON body.
    ///   - headers: Extra headers (no credentials).
    public init(
        method: HTTPMethod,
        path: String,
        query: [QueryItem] = [],
        body: JSONValue? = nil,
        headers: HTTPHeaders = [:]
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.headers = headers
    }

    /// The value of the first query parameter called `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The absolute URL below `baseURL` (a trailing slash of it is dropped), the query encoded.
    public func url(baseURL: String) -> String {
        var url = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        url += path
        if !query.isEmpty {
            url +=
                "?"
                + query.map { "\(URLEncoding.component($0.name))=\(URLEncoding.component($0.value))" }
                .joined(separator: "&")
        }
        return url
    }
}
