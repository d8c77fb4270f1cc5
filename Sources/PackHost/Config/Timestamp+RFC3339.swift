public import WorkflowEngine

extension Timestamp {
    /// RFC 3339 in UTC with whole seconds (`2026-01-18T10:00:00Z`), as Cordum writes `installed_at`.
    public var rfc3339Seconds: String {
        let text = description
        guard let dot = text.lastIndex(of: ".") else { return text }
        return String(text[..<dot]) + "Z"
    }
}
