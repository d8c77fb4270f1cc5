import NIOHTTP1
public import StructuredData

/// Where a paging value sits in a vendor's answer: a member of its JSON body, or a header.
///
/// ```swift
/// AnswerValue.body("response_metadata.next_cursor")   // Slack-style cursor
/// AnswerValue.header("X-Total-Count")                  // a total in a header
/// ```
public enum AnswerValue: Sendable, Hashable, CustomStringConvertible {
    /// A member of the JSON body.
    case body(BodyPath)
    /// A response header (the first value when repeated).
    case header(String)

    /// What messages call it: `body member "response_metadata.next_cursor"`, `header "X-Total-Count"`.
    public var description: String {
        switch self {
        case .body(let path): "body member \"\(path)\""
        case .header(let name): "header \"\(name)\""
        }
    }

    /// The value in `page`'s answer; `nil` when absent.
    /// - Parameter page: The page read.
    public func value(in page: ListPage) -> JSONValue? {
        switch self {
        case .body(let path): path.value(in: page.json)
        case .header(let name): page.answer.headers.first(name: name).map(JSONValue.string)
        }
    }

    /// The value as text: a string as it is, a number written out; `nil` when absent, `null` or empty.
    /// - Parameter page: The page read.
    public func text(in page: ListPage) -> String? {
        let text: String? =
            switch value(in: page) {
            case .string(let string): string.trimmingBlanks()
            case .integer(let number): String(number)
            case .number(let number): String(number)
            default: nil
            }
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// The value as a whole number (a JSON integer, or text of one); `nil` when absent or not a whole number.
    /// - Parameter page: The page read.
    public func integer(in page: ListPage) -> Int? {
        switch value(in: page) {
        case .string(let text): Int(text.trimmingBlanks())
        case let value?: value.intValue
        case nil: nil
        }
    }

    /// Whether the value is `true` (a JSON boolean, or the text `true`).
    /// - Parameter page: The page read.
    public func isTrue(in page: ListPage) -> Bool {
        switch value(in: page) {
        case .bool(let flag): flag
        case .string(let text): text.trimmingBlanks().lowercased() == "true"
        default: false
        }
    }
}
