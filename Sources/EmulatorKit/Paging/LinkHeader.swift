/// One link of an HTTP `Link` header: `<url>; rel="next"` plus extra attributes (`results="false"`,
/// `cursor="..."`).
public struct PageLink: Sendable, Hashable {
    /// The target URL.
    public var url: String
    /// The relation (`next`, `prev`, `previous`, `first`, `last`).
    public var rel: String
    /// Extra attributes in order, e.g. `[("results", "false"), ("cursor", "0:0:1")]`.
    public var attributes: [Attribute]

    /// One attribute.
    public struct Attribute: Sendable, Hashable {
        /// The name.
        public var name: String
        /// The value (written quoted).
        public var value: String

        /// Creates an attribute.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Creates a link.
    public init(url: String, rel: String, attributes: [Attribute] = []) {
        self.url = url
        self.rel = rel
        self.attributes = attributes
    }

    /// The value of an attribute.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// Writes and reads `Link` headers.
public enum LinkHeader {
    /// The header value for `links` (`nil` when there are none).
    public static func format(_ links: [PageLink]) -> String? {
        guard !links.isEmpty else { return nil }
        return links.map { link in
            (["<\(link.url)>", "rel=\"\(link.rel)\""] + link.attributes.map { "\($0.name)=\"\($0.value)\"" })
                .joined(separator: "; ")
        }
        .joined(separator: ", ")
    }

    /// The links of a header value (unreadable parts are skipped).
    public static func parse(_ header: String) -> [PageLink] {
        var links: [PageLink] = []
        var rest = Substring(header)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            let url = String(rest[rest.index(after: open)..<close])
            let afterURL = rest[rest.index(after: close)...]
            let end = afterURL.firstIndex(of: "<") ?? afterURL.endIndex
            var rel = ""
            var attributes: [PageLink.Attribute] = []
            for parameter in afterURL[..<end].split(separator: ";") {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2 else { continue }
                let name = pair[0].trimmingWhitespace()
                var value = pair[1].trimmingWhitespace()
                if value.hasSuffix(",") { value.removeLast() }
                value = value.trimmingCharacters(in: "\"")
                if name == "rel" { rel = value } else { attributes.append(.init(name, value)) }
            }
            links.append(PageLink(url: url, rel: rel, attributes: attributes))
            rest = afterURL[end...]
        }
        return links
    }

    /// The URL of `request` with `replacing` query parameters set (other parameters kept, in order).
    public static func url(_ request: EmulatorRequest, replacing parameters: [QueryItem]) -> String {
        let names = Set(parameters.map(\.name))
        let query = request.query.filter { !names.contains($0.name) } + parameters
        return "\(request.baseURL)\(request.path)?\(QueryItem.encode(query))"
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

extension String {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
