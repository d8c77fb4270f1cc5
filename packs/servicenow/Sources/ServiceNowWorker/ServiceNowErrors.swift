public import StructuredData
public import WorkerKit

/// ServiceNow's error answers, `{"error": {"message": "…", "detail": "…"}, "status": "failure"}`, as the shared codes
/// by status with ServiceNow's message and detail quoted: `not_found: ServiceNow refused GET …/incident/… with 404:
/// No Record found; Record doesn't exist or ACL restricts the record retrieval`. Rate limits (429) and server failures
/// keep WorkerKit's own messages (when to retry).
public enum ServiceNowErrors {
    /// The rule, for ``CredentialTransport``.
    public static let classifier = ResponseClassifier { response, failure in
        guard response.status < 500, response.status != 429, let body = failure.body, let detail = detail(body)
        else { return nil }
        let (code, retryable) = WorkerError.code(forStatus: response.status)
        return WorkerError(
            code: code,
            message: "ServiceNow refused \(failure.action) with \(response.status)\(failure.where): \(detail)",
            retryable: retryable
        )
    }

    /// `message; detail` of ServiceNow's error body; `nil` when it has neither.
    public static func detail(_ body: JSONValue) -> String? {
        let parts = [body["error"]?["message"]?.stringValue, body["error"]?["detail"]?.stringValue]
            .compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : String(parts.joined(separator: "; ").prefix(600))
    }
}
