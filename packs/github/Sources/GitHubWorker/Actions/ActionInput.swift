public import StructuredData
public import WorkerKit

/// A job's input, read field by field: every accessor throws `invalid_input` naming the field, what it got and
/// what is valid.
public struct ActionInput: Sendable {
    /// The action the input is for (messages name it).
    public var action: String
    /// The input's members.
    public var fields: [String: JSONValue]

    /// Wraps a job input.
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

    /// Whether the field is present and not null.
    public func has(_ field: String) -> Bool {
        if let value = fields[field], !value.isNull { return true }
        return false
    }

    func invalid(_ message: String) -> WorkerError {
        WorkerError(code: .invalidInput, message: "\(action): \(message)")
    }

    /// A required non-empty string of at most `limit` characters.
    public func string(_ field: String, limit: Int = 1024) throws(WorkerError) -> String {
        guard let value = try optionalString(field, limit: limit) else {
            throw invalid("\(field) is required (a non-empty string).")
        }
        return value
    }

    /// An optional string of at most `limit` characters; empty strings are refused.
    public func optionalString(_ field: String, limit: Int = 1024) throws(WorkerError) -> String? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw invalid("\(field) must be a string, not \(value.typeName).")
        }
        guard !text.isEmpty else { throw invalid("\(field) must not be empty.") }
        guard text.count <= limit else {
            throw invalid("\(field) has \(text.count) characters; at most \(limit) are allowed.")
        }
        return text
    }

    /// An optional string that may be empty (a body that clears a description).
    public func optionalText(_ field: String, limit: Int = 65_536) throws(WorkerError) -> String? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let text = value.stringValue else {
            throw invalid("\(field) must be a string, not \(value.typeName).")
        }
        guard text.count <= limit else {
            throw invalid("\(field) has \(text.count) characters; at most \(limit) are allowed.")
        }
        return text
    }

    /// An optional string that must be one of `allowed`.
    public func choice(_ field: String, _ allowed: [String]) throws(WorkerError) -> String? {
        guard let text = try optionalString(field, limit: 64) else { return nil }
        guard allowed.contains(text) else {
            throw invalid("\(field) is \"\(text)\"; expected one of \(allowed.joined(separator: ", ")).")
        }
        return text
    }

    /// A required integer of at least `minimum`.
    public func integer(_ field: String, minimum: Int = 1) throws(WorkerError) -> Int {
        guard let value = try optionalInteger(field, in: minimum...Int.max) else {
            throw invalid("\(field) is required (an integer of at least \(minimum)).")
        }
        return value
    }

    /// An optional integer in `range`.
    public func optionalInteger(_ field: String, in range: ClosedRange<Int>) throws(WorkerError) -> Int? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let number = value.intValue, range.contains(number) else {
            let bounds =
                range.upperBound == Int.max
                ? "an integer of at least \(range.lowerBound)"
                : "an integer from \(range.lowerBound) to \(range.upperBound)"
            throw invalid("\(field) is \(JSONEncoding.compact(value)); expected \(bounds).")
        }
        return number
    }

    /// An optional boolean.
    public func bool(_ field: String) throws(WorkerError) -> Bool? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let flag = value.boolValue else {
            throw invalid("\(field) must be true or false, not \(value.typeName).")
        }
        return flag
    }

    /// An optional list of non-empty strings (a comma-separated string is accepted too).
    public func stringList(_ field: String, limit: Int = 100) throws(WorkerError) -> [String]? {
        guard let value = fields[field], !value.isNull else { return nil }
        var items: [String]
        switch value {
        case .string(let text):
            items = text.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }.filter { !$0.isEmpty }
        case .array(let members):
            items = []
            for (index, member) in members.enumerated() {
                guard let text = member.stringValue, !text.isEmpty, text.count <= 256 else {
                    throw invalid("\(field)[\(index)] must be a non-empty string of at most 256 characters.")
                }
                items.append(text)
            }
        default:
            throw invalid("\(field) must be a list of strings, not \(value.typeName).")
        }
        guard items.count <= limit else {
            throw invalid("\(field) has \(items.count) entries; at most \(limit) are allowed.")
        }
        return items
    }

    /// The `repo` field: `owner/name` as GitHub spells them.
    public func repository() throws(WorkerError) -> String {
        let repo = try string("repo", limit: 140)
        let parts = repo.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
            parts[0].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }),
            parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }),
            parts[1] != ".", parts[1] != ".."
        else {
            throw invalid(
                "repo is \"\(repo)\"; expected \"owner/name\" (owner: letters, digits and '-'; name: letters, digits, '.', '_' and '-')."
            )
        }
        return repo
    }

    /// A Git ref, branch or file path: printable, no `..` segment, no leading `/`; slashes are kept.
    public func pathLike(_ field: String, required: Bool = true, allowEmpty: Bool = false) throws(WorkerError)
        -> String?
    {
        let value: String?
        if allowEmpty, let raw = fields[field]?.stringValue, raw.isEmpty {
            value = ""
        } else {
            value = required ? try string(field, limit: 1024) : try optionalString(field, limit: 1024)
        }
        guard let value else { return nil }
        let segments = value.split(separator: "/", omittingEmptySubsequences: false)
        guard
            value.isEmpty
                || (!value.hasPrefix("/") && !segments.contains("..") && !segments.contains(".")
                    && !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }))
        else {
            throw invalid(
                "\(field) is \"\(value)\"; it must not start with '/', contain '.' or '..' segments, or control characters."
            )
        }
        return value
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
