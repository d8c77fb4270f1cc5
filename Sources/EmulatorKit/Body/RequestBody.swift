public import StructuredData

/// A request body read into typed fields, with the vendor's errors for bad input.
///
/// JSON bodies (objects; a bare array is kept in ``array``) and `application/x-www-form-urlencoded` bodies (every
/// value a string; `bool`, `int` and `double` parse them; a field holding JSON text (`blocks=[...]`) reads with
/// ``json(_:)``). Every problem becomes `errors(BodyError)`, so a handler throws the vendor's answer:
///
/// ```swift
/// let body = try RequestBody(request) { error in AcmeError(status: 422, message: error.description) }
/// let title = try body.required("title")          // missing → errors(.missing(field: "title"))
/// let draft = try body.bool("draft") ?? false      // "yes" → errors(.wrongType(...))
/// ```
public struct RequestBody<Failure: Error>: Sendable {
    /// How the body is encoded.
    public enum Format: Sendable, Hashable {
        /// By `Content-Type`: form-urlencoded when it says so, otherwise JSON.
        case automatic
        /// JSON.
        case json
        /// `application/x-www-form-urlencoded`.
        case form
    }

    /// The fields of an object body (empty for an empty or `null` body, or a bare array).
    public let fields: [String: JSONValue]
    /// The body when it is a bare JSON array.
    public let array: [JSONValue]?
    /// The format the body was read as.
    public let format: Format
    private let errors: @Sendable (BodyError) -> Failure

    /// Reads a request's body.
    /// - Parameters:
    ///   - request: the request.
    ///   - format: how it is encoded (default by `Content-Type`).
    ///   - errors: the vendor's error for a problem.
    /// - Throws: `errors(.unparseable)` for a body that cannot be parsed, `errors(.notAnObject)` for a JSON scalar.
    public init(
        _ request: EmulatorRequest,
        format: Format = .automatic,
        errors: @escaping @Sendable (BodyError) -> Failure
    ) throws(Failure) {
        self.errors = errors
        let form: Bool
        switch format {
        case .automatic:
            form = request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true
        case .json: form = false
        case .form: form = true
        }
        self.format = form ? .form : .json
        if form {
            var fields: [String: JSONValue] = [:]
            for item in QueryItem.parse(request.bodyText) {
                switch fields[item.name] {
                case nil: fields[item.name] = .string(item.value)
                case .array(let values)?: fields[item.name] = .array(values + [.string(item.value)])
                case let first?: fields[item.name] = .array([first, .string(item.value)])
                }
            }
            self.fields = fields
            self.array = nil
            return
        }
        let value: JSONValue?
        do {
            value = try request.jsonBody()
        } catch {
            throw errors(.unparseable(error.description))
        }
        switch value {
        case nil, .null?:
            fields = [:]
            array = nil
        case .object(let object)?:
            fields = object
            array = nil
        case .array(let elements)?:
            fields = [:]
            array = elements
        case let other?:
            throw errors(.notAnObject(other.typeName))
        }
    }

    /// Whether the body has the field (even `null`).
    public func has(_ field: String) -> Bool { fields[field] != nil }

    /// The vendor's error for a problem (to throw from checks of your own).
    public func error(_ problem: BodyError) -> Failure { errors(problem) }

    /// A string field; `nil` when absent or `null`.
    public func string(_ field: String) throws(Failure) -> String? {
        guard let value = present(field) else { return nil }
        guard let text = value.stringValue else {
            throw errors(.wrongType(field: field, value: value, expected: "a string"))
        }
        return text
    }

    /// A required non-empty string.
    /// - Throws: `errors(.missing)` when absent, `null` or empty; `errors(.wrongType)` when not a string.
    public func required(_ field: String) throws(Failure) -> String {
        guard let text = try string(field), !text.isEmpty else { throw errors(.missing(field: field)) }
        return text
    }

    /// A string that may be sent as `null` to clear it: `nil` when absent, `.some(nil)` for `null`.
    public func nullableString(_ field: String) throws(Failure) -> String?? {
        guard let value = fields[field] else { return nil }
        if value.isNull { return .some(nil) }
        guard let text = value.stringValue else {
            throw errors(.wrongType(field: field, value: value, expected: "a string or null"))
        }
        return .some(text)
    }

    /// A boolean field (form values `true`/`false`/`1`/`0`).
    public func bool(_ field: String) throws(Failure) -> Bool? {
        guard let value = present(field) else { return nil }
        if let flag = value.boolValue { return flag }
        if format == .form, let text = value.stringValue {
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0": return false
            default: break
            }
        }
        throw errors(.wrongType(field: field, value: value, expected: "a boolean"))
    }

    /// An integer field (form values parsed).
    public func int(_ field: String) throws(Failure) -> Int? {
        guard let value = present(field) else { return nil }
        if case .integer(let number) = value { return number }
        if case .number(let number) = value, number.rounded() == number, let exact = Int(exactly: number) {
            return exact
        }
        if format == .form, let text = value.stringValue, let number = Int(text) { return number }
        throw errors(.wrongType(field: field, value: value, expected: "an integer"))
    }

    /// A number field (form values parsed).
    public func double(_ field: String) throws(Failure) -> Double? {
        guard let value = present(field) else { return nil }
        if let number = value.doubleValue { return number }
        if format == .form, let text = value.stringValue, let number = Double(text), number.isFinite { return number }
        throw errors(.wrongType(field: field, value: value, expected: "a number"))
    }

    /// An array of strings. In a form, repeated keys or one comma-separated value. `element` reads elements that
    /// are not strings (e.g. `{"name": "bug"}`); `nil` from it is a wrong type.
    public func strings(
        _ field: String,
        element: (JSONValue) -> String? = { _ in nil }
    ) throws(Failure) -> [String]? {
        guard let value = present(field) else { return nil }
        if format == .form, let text = value.stringValue {
            return text.split(separator: ",").map { String($0) }
        }
        guard let elements = value.arrayValue else {
            throw errors(.wrongType(field: field, value: value, expected: "an array"))
        }
        var result: [String] = []
        for item in elements {
            if let text = item.stringValue {
                result.append(text)
            } else if let text = element(item) {
                result.append(text)
            } else {
                throw errors(.wrongType(field: field, value: value, expected: "an array of strings"))
            }
        }
        return result
    }

    /// An object field. In a form, a value holding a JSON object.
    public func object(_ field: String) throws(Failure) -> [String: JSONValue]? {
        guard let value = try json(field) else { return nil }
        guard let object = value.objectValue else {
            throw errors(.wrongType(field: field, value: value, expected: "an object"))
        }
        return object
    }

    /// A field as JSON. In a form, the value parsed as JSON text (`blocks=[...]`).
    public func json(_ field: String) throws(Failure) -> JSONValue? {
        guard let value = present(field) else { return nil }
        guard format == .form, let text = value.stringValue else { return value }
        do {
            return try JSONParser.parse(text, file: field)
        } catch {
            throw errors(.wrongType(field: field, value: value, expected: "JSON text"))
        }
    }

    /// A string field that must be one of `allowed`.
    public func oneOf(_ field: String, _ allowed: [String]) throws(Failure) -> String? {
        guard let text = try string(field) else { return nil }
        guard allowed.contains(text) else {
            throw errors(
                .invalidValue(
                    field: field,
                    value: .string(text),
                    expected: "one of " + allowed.map { "`\($0)`" }.joined(separator: ", ")
                )
            )
        }
        return text
    }

    private func present(_ field: String) -> JSONValue? {
        guard let value = fields[field], !value.isNull else { return nil }
        return value
    }
}
