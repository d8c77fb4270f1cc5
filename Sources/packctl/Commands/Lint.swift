import ArgumentParser
import Foundation
import PackFormat
import PackLint
import StructuredData

/// `packctl lint`: the Standard Pack Pattern.
struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check packs against the Standard Pack Pattern.",
        discussion: """
            Every rule has an id; docs/authoring.md explains each with a good and a bad example. Packs under the \
            given paths are linted together, so rules that span packs (requires_packs, fragments that shadow each \
            other) see all of them.
            With --against OLD, workflows that broke their input or output contract since OLD without a new id \
            are versioning-breaking-change errors.
            Exit codes: 0 no errors; 1 errors found (or warnings, with --warnings-as-errors); 2 a pack did not load.
            """
    )

    @Argument(help: "Pack folders, .tgz bundles, or folders of packs.")
    var paths: [String] = ["packs"]

    @Option(name: .long, help: "A base policy file, merged before the fragments.")
    var policy: String?

    @Option(name: .long, help: "Output format: text, json or sarif.")
    var format: LintFormat = .text

    @Flag(name: .long, help: "Fail on warnings too.")
    var warningsAsErrors = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The old version of a linted pack, to check the versioning rule against (repeat for several packs).",
            discussion: "A pack folder, a .tgz bundle, or CATALOG.json#<id>@<version>; matched to a linted pack by id.",
            valueName: "old"
        )
    )
    var against: [String] = []

    enum LintFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    func run() throws {
        let discovery = PackDiscovery.load(paths)
        guard discovery.errors.isEmpty else {
            switch format {
            case .text: discovery.errors.forEach { printError("error: \($0)") }
            case .json, .sarif: print(JSONEncoding.pretty(.object(["errors": .array(discovery.errors.map(\.json))])))
            }
            throw ExitStatus.invalidInput
        }
        var base: (file: String, bytes: [UInt8])?
        if let policy { base = (policy, try readInputFile(policy)) }
        let versioning = try versioningFindings(for: discovery.packs)
        let report = PackLinter(packs: discovery.packs, basePolicy: base).lint().adding(versioning)
        switch format {
        case .text: print(report.text(color: standardOutputIsTerminal))
        case .json: print(JSONEncoding.pretty(report.json))
        case .sarif: print(JSONEncoding.pretty(report.sarif(baseDirectory: FileManager.default.currentDirectoryPath)))
        }
        if !report.passed(warningsAsErrors: warningsAsErrors) { throw ExitStatus.checkFailed }
    }
}
