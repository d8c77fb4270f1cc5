public import StructuredData

/// Where a value sits in a JSON body: the member names from the top, as in `response_metadata.next_cursor`.
///
/// Written as a string, a path splits at dots; a member whose own name holds a dot (`@odata.nextLink`) is given with
/// ``init(keys:)``.
///
/// ```swift
/// let cursor: BodyPath = "response_metadata.next_cursor"
/// let link = BodyPath(keys: ["@odata.nextLink"])
/// ```
public struct BodyPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The member names, outermost first.
    public var keys: [String]

    /// A path of member names.
    /// - Parameter keys: The member names, outermost first; none means the whole body.
    public init(keys: [String]) {
        self.keys = keys
    }

    /// A dotted path (`metadata.continue`).
    /// - Parameter dotted: Member names joined by dots.
    public init(_ dotted: String) {
        self.keys = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The path as written in messages (`response_metadata.next_cursor`).
    public var description: String { keys.joined(separator: ".") }

    /// The value at this path in `json`, or `nil` when a member is missing or a step is not an object.
    /// - Parameter json: The body.
    public func value(in json: JSONValue) -> JSONValue? {
        var current = json
        for key in keys {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    /// `json` with `value` at this path, creating the objects on the way.
    /// - Parameters:
    ///   - value: The value to set.
    ///   - json: An object (or `null`, taken as an empty object).
    /// - Returns: The changed body, or `nil` when a step of the path is neither an object nor missing.
    public func setting(_ value: JSONValue, in json: JSONValue) -> JSONValue? {
        Self.setting(value, at: keys[...], in: json)
    }

    private static func setting(_ value: JSONValue, at keys: ArraySlice<String>, in json: JSONValue) -> JSONValue? {
        guard let key = keys.first else { return value }
        var members: [String: JSONValue]
        switch json {
        case .object(let existing): members = existing
        case .null: members = [:]
        default: return nil
        }
        guard let inner = setting(value, at: keys.dropFirst(), in: members[key] ?? .null) else { return nil }
        members[key] = inner
        return .object(members)
    }
}
