public import StructuredData
public import WorkerKit

/// Sentry's error answers, `{"detail": "…"}` (or a field map, `{"version": ["This field is required."]}`), as the
/// shared codes by status with Sentry's words: `validation_failed: Sentry refused PUT …/issues/4711/ with 400:
/// statusDetails: Invalid release.` Rate limits (429) and server failures keep WorkerKit's own messages (when to
/// retry).
public enum SentryErrors {
    /// The rule, for ``BearerTokenTransport``.
    public static let classifier = ResponseClassifier { response, failure in
        guard response.status < 500, response.status != 429, let body = failure.body, let detail = detail(body)
        else { return nil }
        let (code, retryable) = WorkerError.code(forStatus: response.status)
        return WorkerError(
            code: code,
            message: "Sentry refused \(failure.action) with \(response.status)\(failure.where): \(detail)",
            retryable: retryable
        )
    }

    /// `detail`, else `field: problem; …` in field order; `nil` when the body says neither.
    public static func detail(_ body: JSONValue) -> String? {
        if let detail = body["detail"]?.stringValue, !detail.isEmpty { return String(detail.prefix(600)) }
        guard let fields = body.objectValue, !fields.isEmpty else { return nil }
        let parts = fields.sorted { $0.key < $1.key }.map { field, problem -> String in
            let words = problem.arrayValue?.compactMap(\.stringValue).joined(separator: " ")
            return "\(field): \(words ?? problem.stringValue ?? JSONEncoding.compact(problem))"
        }
        return String(parts.joined(separator: "; ").prefix(600))
    }
}
