import Foundation
public import StructuredData

/// Where a value of an inbound event comes from: `header:<Name>` (a request header), `body:<JSON pointer>` (a
/// field of the JSON body, `body:/pull_request/number`), or `const:<text>`.
public enum FieldReference: Sendable, Hashable, CustomStringConvertible {
    case header(String)
    case body(String)
    case constant(String)

    /// Parses `header:…`, `body:/…` or `const:…`.
    /// - Throws: a message naming the value and the valid forms.
    public init(parsing text: String) throws(ReceiverConfigurationError) {
        if text.hasPrefix("header:"), text.count > 7 {
            self = .header(String(text.dropFirst(7)))
        } else if text.hasPrefix("body:/") || text == "body:" {
            self = .body(String(text.dropFirst(5)))
        } else if text.hasPrefix("const:") {
            self = .constant(String(text.dropFirst(6)))
        } else {
            throw ReceiverConfigurationError(
                "\"\(text)\" is not a field reference; use header:<Name>, body:/json/pointer or const:<text>"
            )
        }
    }

    public var description: String {
        switch self {
        case .header(let name): "header:\(name)"
        case .body(let pointer): "body:\(pointer)"
        case .constant(let text): "const:\(text)"
        }
    }

    /// The value in an event: a header as a string, a body field as it is.
    public func value(headers: (String) -> String?, body: JSONValue) -> JSONValue? {
        switch self {
        case .header(let name): return headers(name).map { .string($0) }
        case .constant(let text): return .string(text)
        case .body(let pointer):
            var current = body
            guard !pointer.isEmpty else { return body }
            for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                let key = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                switch current {
                case .object(let members):
                    guard let next = members[key] else { return nil }
                    current = next
                case .array(let items):
                    guard let index = Int(key), items.indices.contains(index) else { return nil }
                    current = items[index]
                default: return nil
                }
            }
            return current == .null ? nil : current
        }
    }

    /// The value as text (numbers written plainly), for ids and principal keys.
    public func text(headers: (String) -> String?, body: JSONValue) -> String? {
        switch value(headers: headers, body: body) {
        case .string(let text)?: text
        case .integer(let number)?: String(number)
        case .bool(let flag)?: flag ? "true" : "false"
        case .number(let number)?: String(number)
        default: nil
        }
    }
}

/// A receiver configuration that cannot be used; the message names the source, the field and what is valid,
/// never a secret.
public struct ReceiverConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var description: String

    /// An error.
    public init(_ description: String) { self.description = description }
}
