public import StructuredData

/// A job's input as an action's request builder reads it, after the pack's input schema validated it: typed
/// accessors by field name. The schema says what is valid; these accessors only read, and fail with
/// `invalid_input` naming the field should an input reach them unvalidated. Checks a schema cannot express (a
/// field required only when another has some value) use ``invalid(_:)``.
public struct ActionInput: Sendable {
    /// The action the input is for (messages name it).
    public let action: String
    /// The input's members.
    public let fields: [String: JSONValue]

    /// Wraps a job input.
    /// - Parameters:
    ///   - action: The action name.
    ///   - input: The job input.
    /// - Throws: `invalid_input` when the input is not a JSON object.
    public init(action: String, input: JSONValue) throws(WorkerError) {
        guard let fields = input.objectValue else {
            throw WorkerError(
                code: .invalidInput,
                message: "The input of \(action) must be a JSON object, not \(input.typeName)."
            )
        }
        self.action = action
        self.fields = fields
    }

    /// The field's value, `nil` when absent or null.
    public func value(_ field: String) -> JSONValue? {
        guard let value = fields[field], !value.isNull else { return nil }
        return value
    }

    /// Whether the field is present and not null.
    public func has(_ field: String) -> Bool { value(field) != nil }

    /// An `invalid_input` error about this action's input.
    /// - Parameter message: What is wrong and what would be valid, naming the field.
    public func invalid(_ message: String) -> WorkerError {
        WorkerError(code: .invalidInput, message: "\(action): \(message)")
    }

    /// A required string.
    public func string(_ field: String) throws(WorkerError) -> String {
        guard let text = try optionalString(field) else { throw invalid("\(field) is required (a string).") }
        return text
    }

    /// An optional string.
    public func optionalString(_ field: String) throws(WorkerError) -> String? {
        guard let value = value(field) else { return nil }
        guard let text = value.stringValue else { throw invalid("\(field) must be a string, not \(value.typeName).") }
        return text
    }

    /// A required integer.
    public func integer(_ field: String) throws(WorkerError) -> Int {
        guard let number = try optionalInteger(field) else { throw invalid("\(field) is required (an integer).") }
        return number
    }

    /// An optional integer.
    public func optionalInteger(_ field: String) throws(WorkerError) -> Int? {
        guard let value = value(field) else { return nil }
        guard let number = value.intValue else {
            throw invalid("\(field) is \(JSONEncoding.compact(value)); expected an integer.")
        }
        return number
    }

    /// An optional boolean.
    public func bool(_ field: String) throws(WorkerError) -> Bool? {
        guard let value = value(field) else { return nil }
        guard let flag = value.boolValue else {
            throw invalid("\(field) must be true or false, not \(value.typeName).")
        }
        return flag
    }

    /// An optional list of strings.
    public func strings(_ field: String) throws(WorkerError) -> [String]? {
        guard let value = value(field) else { return nil }
        guard let items = value.arrayValue else {
            throw invalid("\(field) must be a list of strings, not \(value.typeName).")
        }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.stringValue else { throw invalid("\(field)[\(index)] must be a string.") }
            texts.append(text)
        }
        return texts
    }
}
