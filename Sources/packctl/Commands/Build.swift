import ArgumentParser
import Bundler
import Foundation
import StructuredData

/// `packctl build`: reproducible bundles and catalog.json.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build reproducible pack bundles and catalog.json for publishing.",
        discussion: """
            Lints and simulates every pack under PATH together; when any pack has a lint error, a failing \
            simulation or a topic below its baseline, nothing is written. Otherwise writes \
            OUT/packs/<id>/<version>/pack.tgz (byte-reproducible) and OUT/catalog.json in Cordum's format. \
            The base URL is --base-url, else PACKS_BASE_URL, else https://packs.cordum.io; updated_at is \
            SOURCE_DATE_EPOCH when set. docs/bundles.md has the details.
            Exit codes: 0 built; 1 blocked (lint, simulation, baseline, a bundle that does not load back, a \
            published version rebuilt with other bytes), nothing written; 2 unusable input (a pack or the \
            previous catalog does not load, an invalid base URL or SOURCE_DATE_EPOCH, an unwritable output).
            """
    )

    @Argument(help: "Pack folders, .tgz bundles, or folders of packs.")
    var paths: [String] = ["packs"]

    @Option(name: .long, help: "The folder to publish.")
    var out = "public"

    @Option(name: .customLong("base-url"), help: "The absolute http(s) URL the output folder is served at.")
    var baseURL: String?

    @Option(name: .long, help: "An earlier catalog.json whose entries stay listed.")
    var previous: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(
        name: .long,
        help: """
            What a pack must pass: pattern (lint, simulations, baselines) or cordum (installer rules and \
            simulations only, for packs written elsewhere).
            """
    )
    var gate: Gate = .pattern

    enum Gate: String, ExpressibleByArgument, CaseIterable {
        case pattern, cordum
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let plan: BuildPlan
        do {
            let configuration = BuildConfiguration(
                paths: paths,
                outputDirectory: out,
                baseURL: try BaseURL.resolve(option: baseURL, environment: environment),
                updatedAt: try CatalogTimestamp.resolve(sourceDateEpoch: environment["SOURCE_DATE_EPOCH"], now: Date()),
                previousCatalog: previous,
                gate: gate == .pattern ? .pattern : .cordum
            )
            plan = try CatalogBuilder(configuration: configuration).plan()
        } catch {
            fail(error)
            throw ExitStatus.invalidInput
        }
        guard !plan.isBlocked else {
            switch format {
            case .text: print(plan.blockedText(color: standardOutputIsTerminal))
            case .json: print(JSONEncoding.pretty(plan.json))
            }
            throw ExitStatus.checkFailed
        }
        let result: BuildPlan.WriteResult
        do {
            result = try plan.write { printError($0.progressLine) }
        } catch {
            fail(error)
            throw ExitStatus.invalidInput
        }
        plan.notes.forEach { printError("note: \($0)") }
        if result.removedStaleSignature {
            printError("note: removed the old \(result.catalogPath).sig, which no longer matches; sign again")
        }
        switch format {
        case .text: print(plan.summaryLine)
        case .json: print(JSONEncoding.pretty(plan.json))
        }
    }

    private func fail(_ error: any Error) {
        let failure = error as? BundlerFailure ?? (error as? BundlerError).map { BundlerFailure($0) }
        switch (format, failure) {
        case (.text, let failure?): printError(failure.text)
        case (.json, let failure?): print(JSONEncoding.pretty(failure.json))
        case (_, nil): printError("error: \(error)")
        }
    }
}
