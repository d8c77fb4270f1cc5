public import PackFormat
import StructuredData

/// The governance diff between two versions of a pack.
public enum PackDiff {
    /// Compares two versions of a pack: topics, capabilities, risk tags and requires; the policy decision of every
    /// baseline cell; schemas that broke under the same id; workflows added, removed or broken under the same id.
    /// - Parameters:
    ///   - old: the old version.
    ///   - new: the new version.
    ///   - basePolicy: a base policy merged before each version's fragments, when given.
    ///   - allowDifferentIDs: compare packs with different ids (refused otherwise).
    /// - Returns: the report, changes ordered review first.
    /// - Throws: ``GovernanceDiffError`` when the ids differ and that was not allowed, or a policy does not parse.
    public static func compare(
        _ old: Pack,
        _ new: Pack,
        basePolicy: (file: String, bytes: [UInt8])? = nil,
        allowDifferentIDs: Bool = false
    ) throws(GovernanceDiffError) -> DiffReport {
        if old.id != new.id, !allowDifferentIDs {
            throw GovernanceDiffError(
                code: .differentPackIDs,
                location: new.manifestDocument.location(of: "/metadata/id"),
                message: "the packs differ: \"\(old.id)\" and \"\(new.id)\"",
                hint: "compare two versions of one pack, or pass --allow-different-ids"
            )
        }
        var changes = TopicChanges.compare(old, new)
        changes += try DecisionChanges.compare(old, new, basePolicy: basePolicy)
        changes += SchemaChanges.compare(old, new)
        changes += WorkflowChanges.compare(old, new)
        return DiffReport(old: (old.id, old.version), new: (new.id, new.version), changes: changes)
    }
}
