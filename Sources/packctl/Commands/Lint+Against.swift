import GovernanceDiff
import PackFormat
import PackLint
import StructuredData

/// `packctl lint --against OLD`: the versioning rule.
extension Lint {
    /// The `versioning-breaking-change` findings: for each `--against` pack, the workflows of the linted pack with
    /// the same id that broke their contract without a new id.
    /// - Parameter packs: the packs being linted.
    /// - Throws: ``ExitStatus/invalidInput`` after printing why, when an old version does not load or matches no
    ///   linted pack.
    func versioningFindings(for packs: [Pack]) throws -> [Finding] {
        var findings: [Finding] = []
        for reference in against {
            let old: Pack
            do {
                old = try PackReference(reference).load()
            } catch {
                report(error)
                throw ExitStatus.invalidInput
            }
            guard let new = packs.first(where: { $0.id == old.id }) else {
                let linted = packs.map(\.id).joined(separator: ", ")
                report(
                    GovernanceDiffError(
                        code: .differentPackIDs,
                        location: old.manifestDocument.location(of: "/metadata/id"),
                        message: "--against \(reference) is pack \"\(old.id)\", which is not linted here",
                        hint: "linted: \(linted)"
                    )
                )
                throw ExitStatus.invalidInput
            }
            for change in WorkflowChanges.compare(old, new) where change.kind == .workflowBreaking {
                findings.append(
                    Finding(
                        ruleID: LintRule.versioning.id,
                        severity: LintRule.versioning.severity,
                        packID: new.id,
                        location: change.location ?? SourceLocation(file: new.location),
                        message: change.message,
                        hint: change.hint
                    )
                )
            }
        }
        return findings
    }

    private func report(_ error: GovernanceDiffError) {
        switch format {
        case .text: printError("error: \(error)")
        case .json, .sarif: print(JSONEncoding.pretty(.object(["errors": .array(error.jsonErrors)])))
        }
    }
}
