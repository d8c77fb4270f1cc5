public import NIOHTTP1
public import StructuredData
import WorkerKit

/// The GitHub REST request an action makes, before the base URL, headers and credentials are added.
public struct GitHubCall: Sendable {
    /// The method.
    public var method: HTTPMethod
    /// The path below the profile's base URL, percent-encoded (`/repos/acme/api/issues/7`).
    public var path: String
    /// Query parameters, in order.
    public var query: [QueryItem]
    /// The JSON body, for writes.
    public var body: JSONValue?

    /// One query parameter.
    public struct QueryItem: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value, not yet encoded.
        public var value: String

        /// A parameter.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A call.
    public init(method: HTTPMethod, path: String, query: [QueryItem] = [], body: JSONValue? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
    }

    /// The absolute URL below `baseURL` (no trailing slash), query encoded.
    public func url(baseURL: String) -> String {
        var url = baseURL + path
        if !query.isEmpty {
            url +=
                "?"
                + query.map { "\(URLEncoding.component($0.name))=\(URLEncoding.component($0.value))" }
                .joined(separator: "&")
        }
        return url
    }
}
