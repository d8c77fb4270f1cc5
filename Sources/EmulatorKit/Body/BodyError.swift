public import StructuredData

/// A problem with a request body, which a ``RequestBody`` turns into the vendor's error through its `errors`
/// mapping.
public enum BodyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body cannot be parsed; the parser's reason.
    case unparseable(String)
    /// The body is valid but not an object (or an array where arrays are allowed); the JSON type it is.
    case notAnObject(String)
    /// A required field is absent (or empty).
    case missing(field: String)
    /// A field has the wrong type: the field, the value sent, and what was expected (`a string`, `an integer`).
    case wrongType(field: String, value: JSONValue, expected: String)
    /// A field has a value outside what is valid: the field, the value sent, and what would be valid.
    case invalidValue(field: String, value: JSONValue, expected: String)

    /// The field concerned, if any.
    public var field: String? {
        switch self {
        case .unparseable, .notAnObject: return nil
        case .missing(let field), .wrongType(let field, _, _), .invalidValue(let field, _, _): return field
        }
    }

    /// A stable code: `unparseable`, `not_an_object`, `missing_field`, `wrong_type`, `invalid_value`.
    public var code: String {
        switch self {
        case .unparseable: return "unparseable"
        case .notAnObject: return "not_an_object"
        case .missing: return "missing_field"
        case .wrongType: return "wrong_type"
        case .invalidValue: return "invalid_value"
        }
    }

    /// A readable message naming the field, the value and what is valid.
    public var description: String {
        switch self {
        case .unparseable(let reason): return "the request body cannot be parsed: \(reason)"
        case .notAnObject(let type): return "the request body must be an object (got \(type))"
        case .missing(let field): return "`\(field)` is required"
        case .wrongType(let field, let value, let expected):
            return "`\(field)` must be \(expected) (got \(JSONEncoding.compact(value)))"
        case .invalidValue(let field, let value, let expected):
            return "`\(field)` must be \(expected) (got \(JSONEncoding.compact(value)))"
        }
    }
}
