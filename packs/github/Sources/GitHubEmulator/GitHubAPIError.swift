public import EmulatorKit
public import StructuredData

/// An error answer in GitHub's shape: `{"message", "documentation_url", "status"}` plus `errors` for 422.
public struct GitHubAPIError: Error, Sendable, EmulatorResponseError {
    /// The HTTP status.
    public var status: Int
    /// GitHub's message.
    public var message: String
    /// The `errors` array of a validation failure.
    public var errors: [JSONValue]
    /// Extra headers (e.g. `retry-after`).
    public var headers: [String: String]

    /// The documentation link GitHub puts in error bodies.
    public static let documentationURL = "https://docs.github.com/rest"

    /// Creates an error answer.
    public init(status: Int, message: String, errors: [JSONValue] = [], headers: [String: String] = [:]) {
        self.status = status
        self.message = message
        self.errors = errors
        self.headers = headers
    }

    /// The answer.
    public var response: EmulatorResponse {
        .json(Self.body(status: status, message: message, errors: errors), status: status, headers: headers)
    }

    /// GitHub's error body.
    public static func body(status: Int, message: String, errors: [JSONValue] = []) -> JSONValue {
        var object: [String: JSONValue] = [
            "message": .string(message),
            "documentation_url": .string(documentationURL),
            "status": .string(String(status)),
        ]
        if !errors.isEmpty { object["errors"] = .array(errors) }
        return .object(object)
    }

    /// 404 Not Found.
    public static let notFound = GitHubAPIError(status: 404, message: "Not Found")

    /// 401 Bad credentials.
    public static let badCredentials = GitHubAPIError(status: 401, message: "Bad credentials")

    /// 422 Validation Failed with one error object.
    public static func validation(resource: String, field: String, code: String, message: String? = nil) -> Self {
        var error: [String: JSONValue] = [
            "resource": .string(resource), "field": .string(field), "code": .string(code),
        ]
        if let message { error["message"] = .string(message) }
        return GitHubAPIError(status: 422, message: "Validation Failed", errors: [.object(error)])
    }

    /// 422 Validation Failed with a custom error message (`code: custom`).
    public static func validationMessage(resource: String, message: String) -> Self {
        GitHubAPIError(
            status: 422,
            message: "Validation Failed",
            errors: [.object(["resource": .string(resource), "code": "custom", "message": .string(message)])]
        )
    }

    /// 400 Problems parsing JSON / a bad parameter type.
    public static func badRequest(_ message: String) -> Self {
        GitHubAPIError(status: 400, message: message)
    }
}

/// An error of the Swift seeding API: names what was wrong.
public struct GitHubSeedError: Error, Sendable, CustomStringConvertible {
    /// What was wrong and what would be valid.
    public var description: String

    /// Creates an error.
    public init(_ description: String) {
        self.description = description
    }
}
