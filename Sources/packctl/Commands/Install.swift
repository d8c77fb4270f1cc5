import ArgumentParser
import Bundler
import PackHost
import StructuredData

/// `packctl install SOURCE`: installs a pack into the embedded host.
struct Install: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Install a pack into the embedded host (a folder, a .tgz, or a catalog entry).",
        discussion: """
            SOURCE is a pack folder, a .tgz bundle, or, with --catalog, a pack id in that catalog (a catalog.json \
            path, file:// or http(s):// URL; the bundle's sha256 must match, and with --key the catalog's signature \
            must verify). The whole install is one transaction: on failure nothing changes. Reinstalling the same \
            content changes nothing; different content needs --upgrade, which also removes what the new version no \
            longer has. --dry-run prints the plan and writes nothing.
            Exit codes: 0 installed (or planned); 1 the catalog signature was refused; 2 a pack, catalog or bundle \
            that does not load or match, a conflict, a missing required pack, or a store that cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions

    @Argument(help: "A pack folder or .tgz; with --catalog, a pack id.")
    var source: String

    @Flag(name: .long, help: "Replace an installed pack or objects whose content differs.")
    var upgrade = false

    @Flag(name: .long, help: "Install without routing: skip pools overlays; the pack is INACTIVE.")
    var inactive = false

    @Flag(name: .long, help: "Print the plan; write nothing.")
    var dryRun = false

    @Option(name: .long, help: "A catalog (catalog.json path or URL) that lists the pack.")
    var catalog: String?

    @Option(name: .customLong("pack-version"), help: "With --catalog: the version to install (default: the highest).")
    var packVersion: String?

    @Option(name: .long, help: "With --catalog: the public key file (NAME.pub) the catalog must be signed with.")
    var key: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let options = InstallOptions(upgrade: upgrade, inactive: inactive, dryRun: dryRun, principal: "packctl")
        let result: InstallResult
        do {
            let installer = try host.installer()
            if let catalog {
                let publicKey = try key.map { path throws(HostError) in
                    do throws(BundlerError) {
                        return try KeyFiles.publicKey(at: path)
                    } catch {
                        throw HostError(.invalidArgument, "\(path): \(error.message)")
                    }
                }
                let source = CatalogPackSource(
                    catalog: catalog,
                    packID: source,
                    version: packVersion,
                    publicKey: publicKey
                )
                result = try waitFor { () async throws(HostError) in
                    try await installer.install(from: source, options: options)
                }
            } else {
                result = try installer.install(path: source, options: options)
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(result.json))
        case .text: print(Self.text(result))
        }
    }

    static func text(_ result: InstallResult) -> String {
        let plan = result.plan
        var lines: [String] = []
        let status = plan.status.rawValue
        if !result.applied && plan.action != .unchanged {
            lines.append("pack \(plan.packID) \(plan.version): dry-run (\(plan.action.rawValue), \(status))")
            for item in plan.schemas { lines.append("  schema \(item.id): \(item.change.rawValue)") }
            for item in plan.workflows { lines.append("  workflow \(item.id): \(item.change.rawValue)") }
            for item in plan.configPatches {
                lines.append("  config \(item.name) (\(item.document) \(item.key)): \(item.change.rawValue)")
            }
            for item in plan.fragments { lines.append("  fragment \(item.id): \(item.change.rawValue)") }
        } else {
            switch plan.action {
            case .unchanged:
                lines.append("pack \(plan.packID) \(plan.version) already installed (\(status)); nothing changed")
            case .upgrade:
                lines.append(
                    "upgraded pack \(plan.packID) \(plan.previousVersion ?? "?") -> \(plan.version) (\(status))"
                )
            case .install, .reinstall: lines.append("installed pack \(plan.packID) \(plan.version) (\(status))")
            }
        }
        for requirement in plan.requires {
            lines.append(
                "  requires \(requirement.packID) \(requirement.constraint): installed \(requirement.installedVersion ?? "-")"
            )
        }
        for note in plan.notes { lines.append("  note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
