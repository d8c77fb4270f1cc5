public import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

/// Checks packs against the Standard Pack Pattern.
public struct PackLinter: Sendable {
    /// The packs, linted together (cross-pack rules see all of them).
    public var packs: [Pack]
    /// A base policy merged before the fragments, when given.
    public var basePolicy: (file: String, bytes: [UInt8])?

    /// Creates a linter.
    public init(packs: [Pack], basePolicy: (file: String, bytes: [UInt8])? = nil) {
        self.packs = packs
        self.basePolicy = basePolicy
    }

    /// Runs every rule on every pack.
    /// - Returns: the findings, sorted by pack, file, line and rule.
    public func lint() -> LintReport {
        var collector = FindingCollector()
        let byID = Dictionary(packs.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let strictSuite = PolicySuite(packs: packs, basePolicy: basePolicy, strict: true)
        let strict = try? strictSuite.compile().policy
        let upstream = try? PolicySuite(packs: packs, basePolicy: basePolicy, strict: false).compile().policy
        let report = try? strictSuite.run()
        for pack in packs {
            let context = LintContext(pack: pack, packs: byID, strictPolicy: strict, upstreamPolicy: upstream)
            ManifestRules.check(context, &collector)
            CatalogMetadataRules.check(context, &collector)
            GeneratedAssetRules.check(context, &collector)
            TopicRules.check(context, &collector)
            ArtifactRules.check(context, &collector)
            OverlayShapeRules.check(context, &collector)
            PolicyRules.check(context, report: report, &collector)
            SimulationRules.check(context, report: report, &collector)
            WorkflowRules.check(context, &collector)
            WorkflowExampleRules.check(context, &collector)
            SchemaRules.check(context, &collector)
        }
        return LintReport(packs: packs.map { ($0.id, $0.version, $0.location) }, findings: [])
            .adding(collector.findings)
    }
}
