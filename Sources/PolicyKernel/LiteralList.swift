/// A list of literal values (MCP server, tool, resource and action lists), trimmed and case-folded once, compared
/// as Go's `strings.EqualFold` after trimming. An empty request value never matches.
struct LiteralList: Sendable, Hashable {
    let entries: [FoldedText]

    init(_ values: [String]) {
        entries = values.map(FoldedText.init)
    }

    var isEmpty: Bool { entries.isEmpty }

    /// Whether a raw value equals some entry.
    func contains(_ value: String) -> Bool {
        withUTF8Bytes(value) { raw in
            let trimmed = GoSpace.trimmed(raw)
            guard !trimmed.isEmpty else { return false }
            for entry in entries where entry.matches(trimmed: trimmed) { return true }
            return false
        }
    }
}
