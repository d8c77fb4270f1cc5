public import StructuredData
public import WorkerKit

/// Jira's error answers, `{"errorMessages": ["…"], "errors": {"<field>": "<problem>"}}`, as the shared codes by
/// status with every field named: `validation_failed: Jira refused POST …/issue (400, request id …): summary: You
/// must specify a summary of the issue.` Rate limits (429) and server failures keep WorkerKit's own messages (when to
/// retry).
public enum JiraErrors {
    /// The rule, for ``CredentialTransport``.
    public static let classifier = ResponseClassifier { response, failure in
        guard response.status < 500, response.status != 429, let body = failure.body,
            let detail = detail(body)
        else { return nil }
        let (code, retryable) = WorkerError.code(forStatus: response.status)
        return WorkerError(
            code: code,
            message: "Jira refused \(failure.action) with \(response.status)\(failure.where): \(detail)",
            retryable: retryable
        )
    }

    /// `field: problem; …; message; …` from Jira's error body, fields in name order; `nil` when it has neither.
    public static func detail(_ body: JSONValue) -> String? {
        let fields = (body["errors"]?.objectValue ?? [:]).sorted { $0.key < $1.key }.map { field, problem in
            "\(field): \(problem.stringValue ?? JSONEncoding.compact(problem))"
        }
        let messages = (body["errorMessages"]?.arrayValue ?? []).compactMap(\.stringValue)
        let parts = fields + messages
        return parts.isEmpty ? nil : String(parts.joined(separator: "; ").prefix(600))
    }
}
