public import StructuredData

/// What `packctl diff` found between two versions of a pack.
public struct DiffReport: Sendable {
    /// The old version: id and version.
    public var old: (id: String, version: String)
    /// The new version: id and version.
    public var new: (id: String, version: String)
    /// The changes: review first, then info; within each, in kind order, then by subject.
    public var changes: [GovernanceChange]

    /// Creates a report, ordering the changes.
    /// - Parameters:
    ///   - old: the old version's id and version.
    ///   - new: the new version's id and version.
    ///   - changes: the changes, in any order.
    public init(old: (id: String, version: String), new: (id: String, version: String), changes: [GovernanceChange]) {
        self.old = old
        self.new = new
        let kinds = Dictionary(uniqueKeysWithValues: GovernanceChange.Kind.allCases.enumerated().map { ($1, $0) })
        self.changes = changes.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.impact == .review ? 0 : 1, kinds[lhs.element.kind] ?? 0, lhs.element.subject)
            let right = (rhs.element.impact == .review ? 0 : 1, kinds[rhs.element.kind] ?? 0, rhs.element.subject)
            return left != right ? left < right : lhs.offset < rhs.offset
        }
        .map(\.element)
    }

    /// How many changes have each impact.
    public func count(_ impact: GovernanceChange.Impact) -> Int { changes.filter { $0.impact == impact }.count }

    /// Whether any change needs review (`packctl diff` then exits 1).
    public var needsReview: Bool { count(.review) > 0 }

    /// The report as JSON: `{old: {id, version}, new: {id, version}, changes: [...], summary: {review, info}}`.
    public var json: JSONValue {
        .object([
            "old": .object(["id": .string(old.id), "version": .string(old.version)]),
            "new": .object(["id": .string(new.id), "version": .string(new.version)]),
            "changes": .array(changes.map(\.json)),
            "summary": .object(["review": .integer(count(.review)), "info": .integer(count(.info))]),
        ])
    }

    /// The report as text: a header, the changes that need review, the others, and a summary line.
    /// - Parameter color: whether to use ANSI colours (on a terminal).
    public func text(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines = ["diff \(old.id) \(old.version) → \(new.id) \(new.version)"]
        for (impact, title, code) in [(GovernanceChange.Impact.review, "needs review", "33"), (.info, "info", "36")] {
            let group = changes.filter { $0.impact == impact }
            guard !group.isEmpty else { continue }
            lines.append("")
            lines.append(paint("\(title) (\(group.count)):", code))
            for change in group {
                lines.append("  [\(change.kind.rawValue)] \(change.message)")
                if let hint = change.hint { lines.append("      hint: \(hint)") }
            }
        }
        lines.append("")
        if changes.isEmpty {
            lines.append(paint("no governance changes", "32"))
        } else {
            lines.append("\(count(.review)) need review, \(count(.info)) info")
        }
        return lines.joined(separator: "\n")
    }
}
