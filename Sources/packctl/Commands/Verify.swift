import ArgumentParser
import Bundler
import PackHost
import StructuredData

/// `packctl verify`: checks a published folder.
struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a published catalog (its signature and every bundle it lists), or an installed pack.",
        discussion: """
            With --installed ID, re-runs the policy simulations stored in that pack's registry record against the \
            embedded host's live policy (every installed fragment, strict mode) instead; exit 1 when one fails.
            Checks the catalog's signature (with --key; required when catalog.json.sig exists), and for every \
            entry that its bundle is at packs/<id>/<version>/pack.tgz under the folder as its URL says, has the \
            recorded sha256 and size, loads through Cordum's installer rules, and is the pack the entry describes.
            Exit codes: 0 everything checks out; 1 a check failed (signature, missing or changed bundle, a bundle \
            that does not load, an entry that does not match its bundle); 2 unusable input (no readable catalog, \
            an unusable key, or a signature present but no --key).
            """
    )

    @Option(name: .long, help: "The public key file (NAME.pub) to check catalog.json.sig with.")
    var key: String?

    @Argument(help: "The published folder (holding catalog.json), or the catalog file.")
    var path = "public"

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(name: .long, help: "Verify this installed pack's policy simulations instead of a catalog.")
    var installed: String?

    @OptionGroup var host: HostDataOptions

    func run() throws {
        if let installed { return try verifyInstalled(installed) }
        let report: VerificationReport
        do {
            let publicKey = try key.map { path throws(BundlerError) in try KeyFiles.publicKey(at: path) }
            report = try CatalogVerifier(path: path, publicKey: publicKey).verify()
        } catch {
            switch format {
            case .text: printError(BundlerFailure(error).text)
            case .json: print(JSONEncoding.pretty(BundlerFailure(error).json))
            }
            throw ExitStatus.invalidInput
        }
        switch format {
        case .text: print(report.text(color: standardOutputIsTerminal))
        case .json: print(JSONEncoding.pretty(report.json))
        }
        if !report.passed { throw ExitStatus.checkFailed }
    }
}

extension Verify {
    /// `--installed ID`: Cordum's pack verify against the embedded host.
    func verifyInstalled(_ packID: String) throws {
        let report: PackVerificationReport
        do {
            report = try host.installer().verify(packID)
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(report.json))
        case .text:
            if report.results.isEmpty { print("no policy simulations defined") }
            for result in report.results {
                let detail = result.ok ? "" : " (\(result.reason.isEmpty ? result.ruleID : result.reason))"
                print(
                    "\(result.ok ? "ok  " : "FAIL") \(result.name): expected \(result.expected), got \(result.got)\(detail)"
                )
            }
            if report.passed, !report.results.isEmpty { print("pack \(packID) policy simulations passed") }
        }
        if !report.passed { throw ExitStatus.checkFailed }
    }
}
