public import PackFormat
import StructuredData

/// Workflows added, removed, and broken under the same id.
///
/// The versioning rule: a breaking change to a workflow's input or output keeps its id only with a `.v2` (or
/// next) suffix. A workflow present in both versions whose contract broke is a `workflow_breaking` change; a new
/// `x.y.v2` next to (or instead of) an unchanged `x.y` is fine.
public enum WorkflowChanges {
    /// The workflow changes from `old` to `new`, located in `new`'s pack.yaml (`old`'s for removals).
    /// - Parameters:
    ///   - old: the old version of the pack.
    ///   - new: the new version.
    public static func compare(_ old: Pack, _ new: Pack) -> [GovernanceChange] {
        let before = Dictionary(old.workflows.map { ($0.reference.id, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Set(new.workflows.map(\.reference.id))
        var changes: [GovernanceChange] = []
        for (index, workflow) in new.workflows.enumerated() {
            let id = workflow.reference.id
            let location = new.manifestDocument.location(of: "/resources/workflows/\(index)")
            guard let previous = before[id] else {
                var message = "workflow \(id) added"
                var details: [String: String] = [:]
                if let earlier = earlierVersions(id).first(where: { before[$0] != nil }) {
                    message += " (a new version of \(earlier))"
                    details["version_of"] = earlier
                }
                changes.append(
                    GovernanceChange(
                        kind: .workflowAdded,
                        impact: .info,
                        subject: id,
                        message: message,
                        details: details,
                        location: location
                    )
                )
                continue
            }
            let breaks = WorkflowContract(previous, in: old).breaks(to: WorkflowContract(workflow, in: new))
            guard !breaks.isEmpty else { continue }
            changes.append(breaking(id, breaks, location: location))
        }
        for (index, workflow) in old.workflows.enumerated() where !after.contains(workflow.reference.id) {
            changes.append(
                GovernanceChange(
                    kind: .workflowRemoved,
                    impact: .info,
                    subject: workflow.reference.id,
                    message: "workflow \(workflow.reference.id) removed",
                    location: old.manifestDocument.location(of: "/resources/workflows/\(index)")
                )
            )
        }
        return changes
    }

    static func breaking(
        _ id: String,
        _ breaks: [(part: String, found: SchemaBreak)],
        location: SourceLocation
    ) -> GovernanceChange {
        let shown = breaks.prefix(3).map { "\($0.part): \($0.found.description)" }
        var message = "workflow \(id) changed its contract but kept its id: " + shown.joined(separator: "; ")
        if breaks.count > shown.count { message += "; and \(breaks.count - shown.count) more" }
        var reasons: [String] = []
        for entry in breaks where !reasons.contains(entry.found.reason.rawValue) {
            reasons.append(entry.found.reason.rawValue)
        }
        let parts = Set(breaks.map { $0.found.direction.rawValue }).sorted()
        let next = nextID(id)
        return GovernanceChange(
            kind: .workflowBreaking,
            impact: .review,
            subject: id,
            message: message,
            details: [
                "reasons": reasons.joined(separator: ","), "parts": parts.joined(separator: ","), "next_id": next,
            ],
            location: location,
            hint: "keep \(id) compatible and ship the new contract as \(next)"
        )
    }

    /// The id a breaking change moves a workflow to: `x.y` → `x.y.v2`, `x.y.v2` → `x.y.v3`.
    /// - Parameter id: the workflow id.
    public static func nextID(_ id: String) -> String {
        guard let (base, number) = versionSuffix(id) else { return id + ".v2" }
        return base + ".v\(number + 1)"
    }

    /// The ids of the earlier versions of a `.vN` id, latest first: `x.y.v3` → `x.y.v2`, `x.y`.
    static func earlierVersions(_ id: String) -> [String] {
        guard let (base, number) = versionSuffix(id), number >= 2 else { return [] }
        return (2..<number).reversed().map { base + ".v\($0)" } + [base]
    }

    static func versionSuffix(_ id: String) -> (base: String, number: Int)? {
        guard let dot = id.lastIndex(of: ".") else { return nil }
        let tail = id[id.index(after: dot)...]
        guard tail.hasPrefix("v"), let number = Int(tail.dropFirst()), tail.dropFirst().allSatisfy(\.isNumber) else {
            return nil
        }
        return (String(id[..<dot]), number)
    }
}
