public import StructuredData
public import WorkerKit

/// PagerDuty's error answers as the shared codes by status, with the vendor's words: the REST API's
/// `{"error": {"message": "…", "code": 2001, "errors": ["…"]}}` and the Events API's
/// `{"status": "invalid event", "message": "…", "errors": ["…"]}`, e.g. `validation_failed: PagerDuty refused PUT
/// …/incidents/P1 (400, request id …): Invalid Input Provided (code 2001): From header is missing.` Rate limits (429)
/// and server failures keep WorkerKit's own messages (when to retry).
public enum PagerDutyErrors {
    /// The rule, for ``CredentialTransport``.
    public static let classifier = ResponseClassifier { response, failure in
        guard response.status < 500, response.status != 429, let body = failure.body, let detail = detail(body)
        else { return nil }
        let (code, retryable) = WorkerError.code(forStatus: response.status)
        return WorkerError(
            code: code,
            message: "PagerDuty refused \(failure.action) with \(response.status)\(failure.where): \(detail)",
            retryable: retryable
        )
    }

    /// `message (code N): error; error` from either error shape; `nil` when the body has neither.
    public static func detail(_ body: JSONValue) -> String? {
        let error = body["error"]?.objectValue.map(JSONValue.object) ?? body
        guard let message = error["message"]?.stringValue else { return nil }
        var text = message
        if let code = error["code"]?.intValue { text += " (code \(code))" }
        let errors = (error["errors"]?.arrayValue ?? []).compactMap(\.stringValue)
        if !errors.isEmpty { text += ": " + errors.joined(separator: "; ") }
        return String(text.prefix(600))
    }
}
