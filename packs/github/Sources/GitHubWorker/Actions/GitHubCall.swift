public import NIOHTTP1
public import StructuredData

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

/// Percent-encoding for URL paths and queries (RFC 3986 unreserved characters pass through).
public enum URLEncoding {
    /// `text` with everything but `A–Z a–z 0–9 - . _ ~` percent-encoded.
    public static func component(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }

    /// `text` with each `/`-separated segment encoded and the slashes kept (refs, branches, file paths).
    public static func path(_ text: String) -> String {
        text.split(separator: "/", omittingEmptySubsequences: false).map { component(String($0)) }
            .joined(separator: "/")
    }
}
