import EmulatorKit
import StructuredData

/// A JSON request body with GitHub's answers for bad input: 400 for unparseable JSON, 422 for wrong types.
struct GitHubBody {
    let fields: [String: JSONValue]
    /// The body when it was a bare array (e.g. labels).
    let array: [JSONValue]?

    init(_ request: EmulatorRequest) throws(GitHubAPIError) {
        let value: JSONValue?
        do {
            value = try request.jsonBody()
        } catch {
            throw GitHubAPIError.badRequest("Problems parsing JSON")
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
            throw GitHubAPIError.badRequest("Problems parsing JSON (expected an object, got \(other.typeName))")
        }
    }

    private func invalid(_ field: String, _ value: JSONValue, _ type: String) -> GitHubAPIError {
        GitHubAPIError(
            status: 422,
            message: "Invalid request.\n\nFor 'properties/\(field)', \(JSONEncoding.compact(value)) is not \(type)."
        )
    }

    func has(_ field: String) -> Bool { fields[field] != nil }

    func string(_ field: String) throws(GitHubAPIError) -> String? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw invalid(field, value, "a string") }
        return text
    }

    /// A string that may be explicitly `null` (returns `.some(nil)` then).
    func nullableString(_ field: String) throws(GitHubAPIError) -> String?? {
        guard let value = fields[field] else { return nil }
        if value.isNull { return .some(nil) }
        guard let text = value.stringValue else { throw invalid(field, value, "a string or null") }
        return .some(text)
    }

    func bool(_ field: String) throws(GitHubAPIError) -> Bool? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let flag = value.boolValue else { throw invalid(field, value, "a boolean") }
        return flag
    }

    func strings(_ field: String) throws(GitHubAPIError) -> [String]? {
        guard let value = fields[field], !value.isNull else { return nil }
        guard let elements = value.arrayValue else { throw invalid(field, value, "an array") }
        var result: [String] = []
        for element in elements {
            if let text = element.stringValue {
                result.append(text)
            } else if let name = element["name"]?.stringValue {
                result.append(name)
            } else {
                throw invalid(field, value, "an array of strings")
            }
        }
        return result
    }

    /// A required non-empty string (422 `missing_field` otherwise).
    func required(_ field: String, resource: String) throws(GitHubAPIError) -> String {
        guard let text = try string(field), !text.isEmpty else {
            throw GitHubAPIError.validation(resource: resource, field: field, code: "missing_field")
        }
        return text
    }
}
