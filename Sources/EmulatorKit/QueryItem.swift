/// One decoded query parameter.
public struct QueryItem: Sendable, Hashable {
    /// The decoded name.
    public var name: String
    /// The decoded value (empty when the parameter had no `=`).
    public var value: String

    /// Creates a query item.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// Parses a query string (`a=1&b=x%20y`, `+` as space) into items, keeping their order.
    public static func parse(_ query: String) -> [QueryItem] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(String(parts[0]), plusAsSpace: true)
            let value = parts.count > 1 ? PercentDecoding.decode(String(parts[1]), plusAsSpace: true) : ""
            return QueryItem(name: name, value: value)
        }
    }

    /// Encodes items as a query string (without the leading `?`).
    public static func encode(_ items: [QueryItem]) -> String {
        items.map { "\(PercentDecoding.encode($0.name))=\(PercentDecoding.encode($0.value))" }.joined(separator: "&")
    }
}
