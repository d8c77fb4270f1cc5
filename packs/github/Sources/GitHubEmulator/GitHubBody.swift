import EmulatorKit
import StructuredData

/// A JSON request body with GitHub's answers for bad input: 400 for unparseable JSON, 422 for wrong types.
typealias GitHubBody = RequestBody<GitHubAPIError>

extension RequestBody where Failure == GitHubAPIError {
    /// Reads a JSON body (whatever its `Content-Type`, as GitHub does).
    init(_ request: EmulatorRequest) throws(GitHubAPIError) {
        try self.init(request, format: .json, errors: GitHubAPIError.init(body:))
    }

    /// A required non-empty string (422 `missing_field` on `resource` otherwise).
    func required(_ field: String, resource: String) throws(GitHubAPIError) -> String {
        guard let text = try string(field), !text.isEmpty else {
            throw GitHubAPIError.validation(resource: resource, field: field, code: "missing_field")
        }
        return text
    }

    /// Names: an array of strings or of objects with a `name` (labels, assignees, repositories).
    func names(_ field: String) throws(GitHubAPIError) -> [String]? {
        try strings(field) { $0["name"]?.stringValue }
    }
}

extension GitHubAPIError {
    /// GitHub's answer to a body problem.
    init(body problem: BodyError) {
        switch problem {
        case .unparseable:
            self = .badRequest("Problems parsing JSON")
        case .notAnObject(let type):
            self = .badRequest("Problems parsing JSON (expected an object, got \(type))")
        case .missing(let field):
            self = .validation(resource: "Body", field: field, code: "missing_field")
        case .wrongType(let field, let value, let expected), .invalidValue(let field, let value, let expected):
            self.init(
                status: 422,
                message:
                    "Invalid request.\n\nFor 'properties/\(field)', \(JSONEncoding.compact(value)) is not \(expected)."
            )
        }
    }
}
