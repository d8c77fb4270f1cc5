import ArgumentParser
import PackFormat
import PackVerification
import StructuredData

/// `packctl test`: runs every pack's policy simulations and the decision-coverage matrix.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run policy simulations and the decision-coverage matrix of packs installed together.",
        discussion: """
            Loads every pack under PATH (a pack folder, a .tgz bundle, or a folder of packs), merges the base \
            policy and all pack fragments as Cordum would, evaluates each pack's tests.policySimulations, and \
            checks every topic against the baseline its risk tags require (read → ALLOW, write → \
            REQUIRE_APPROVAL, destructive/prod/secrets → DENY or REQUIRE_APPROVAL with constraints).
            Exit codes: 0 all passed; 1 a simulation or baseline failed; 2 a pack or policy did not load.
            """
    )

    @Argument(help: "Pack folders, .tgz bundles, or folders of packs.")
    var paths: [String] = ["packs"]

    @Option(name: .long, help: "A base policy file (Cordum's safety.yaml), merged before the fragments.")
    var policy: String?

    @Flag(name: .long, help: "Evaluate exactly as upstream Cordum does: do not add the topics' declared tags.")
    var noStrict = false

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let discovery = PackDiscovery.load(paths)
        guard discovery.errors.isEmpty else {
            report(errors: discovery.errors)
            throw ExitStatus.invalidInput
        }
        var base: (file: String, bytes: [UInt8])?
        if let policy { base = (policy, try readInputFile(policy)) }
        let suite = PolicySuite(packs: discovery.packs, basePolicy: base, strict: !noStrict)
        let report: TestReport
        do {
            report = try suite.run()
        } catch {
            self.report(policyError: error)
            throw ExitStatus.invalidInput
        }
        switch format {
        case .text: print(report.text(color: standardOutputIsTerminal))
        case .json: print(JSONEncoding.pretty(report.json))
        }
        if !report.passed { throw ExitStatus.checkFailed }
    }

    private func report(errors: [PackFormatError]) {
        switch format {
        case .text: errors.forEach { printError("error: \($0)") }
        case .json: print(JSONEncoding.pretty(.object(["errors": .array(errors.map(\.json))])))
        }
    }

    private func report(policyError: any Error) {
        switch format {
        case .text: printError("error: \(policyError)")
        case .json:
            print(JSONEncoding.pretty(.object(["errors": .array([.object(["message": .string("\(policyError)")])])])))
        }
    }
}
