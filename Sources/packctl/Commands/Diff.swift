import ArgumentParser
import GovernanceDiff
import StructuredData

/// `packctl diff`: what a new version of a pack changes for governance.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a new version of a pack changes for governance.",
        discussion: """
            OLD and NEW are each a pack folder, a .tgz bundle, or a catalog entry CATALOG.json#<id>@<version> \
            (the entry's url must end in packs/<id>/<version>/pack.tgz; the bundle is read from that path beside \
            the catalog). Reports topics, capabilities, risk tags and requires added or removed; the policy \
            decision of every baseline cell that became looser (review) or tighter (info), in the order DENY > \
            REQUIRE_APPROVAL+constraints > REQUIRE_APPROVAL > THROTTLE > ALLOW_WITH_CONSTRAINTS > ALLOW; schemas \
            that broke under the same id; and workflows added, removed, or broken without a new id. docs/diff.md \
            explains each.
            Exit codes: 0 no change needs review; 1 a change needs review; 2 a side did not load, a policy did not \
            parse, or the pack ids differ (without --allow-different-ids).
            """
    )

    @Argument(help: "The old version: a pack folder, a .tgz bundle, or CATALOG.json#<id>@<version>.")
    var old: String

    @Argument(help: "The new version, in the same forms.")
    var new: String

    @Option(name: .long, help: "A base policy file, merged before each version's fragments.")
    var policy: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .long, help: "Compare packs whose ids differ.")
    var allowDifferentIds = false

    func run() throws {
        var base: (file: String, bytes: [UInt8])?
        if let policy { base = (policy, try readInputFile(policy)) }
        let report: DiffReport
        do {
            let before = try PackReference(old).load()
            let after = try PackReference(new).load()
            report = try PackDiff.compare(before, after, basePolicy: base, allowDifferentIDs: allowDifferentIds)
        } catch {
            switch format {
            case .text: printError("error: \(error)")
            case .json: print(JSONEncoding.pretty(.object(["errors": .array(error.jsonErrors)])))
            }
            throw ExitStatus.invalidInput
        }
        switch format {
        case .text: print(report.text(color: standardOutputIsTerminal))
        case .json: print(JSONEncoding.pretty(report.json))
        }
        if report.needsReview { throw ExitStatus.checkFailed }
    }
}
