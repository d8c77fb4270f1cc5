import ArgumentParser
import PackHost
import StructuredData

/// `packctl install SOURCE`: installs a pack into the embedded host.
struct Install: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Install a pack into the embedded host or, with --host, a running one (folder, .tgz, or catalog entry).",
        discussion: """
            SOURCE is a pack folder, a .tgz bundle, or, with --catalog, a pack id in that catalog (a catalog.json \
            path, file:// or http(s):// URL; the bundle's sha256 must match, and with --key the catalog's signature \
            must verify). The whole install is one transaction: on failure nothing changes. Reinstalling the same \
            content changes nothing; different content needs --upgrade, which also removes what the new version no \
            longer has. --dry-run prints the plan and writes nothing. With --host, a folder is bundled as `packctl \
            build` does and uploaded; a catalog entry is fetched by the host.
            Exit codes: 0 installed (or planned); 1 the catalog signature was refused; 2 a pack, catalog or bundle \
            that does not load or match, a conflict, a missing required pack, or a store that cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions
    @OptionGroup var target: HostTargetOptions

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

    func run() async throws {
        let options = InstallOptions(upgrade: upgrade, inactive: inactive, dryRun: dryRun, principal: "packctl")
        let pack: HostPackSource =
            if let catalog {
                .catalog(catalog: catalog, packID: source, version: packVersion, publicKeyFile: key)
            } else {
                .path(source)
            }
        let result: JSONValue
        do {
            result = try await HostSession.using(data: host, target: target) { control throws(HostError) in
                try await control.install(pack, options: options)
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(result))
        case .text: print(Self.text(result))
        }
    }

    /// The install result (`{applied, plan, record}`) as lines of text.
    static func text(_ result: JSONValue) -> String {
        let plan = result["plan"] ?? .null
        func field(_ value: JSONValue?, _ key: String) -> String { value?[key]?.stringValue ?? "?" }
        let packID = field(plan, "pack_id")
        let version = field(plan, "version")
        let status = field(plan, "status")
        let action = field(plan, "action")
        var lines: [String] = []
        if result["applied"]?.boolValue != true && action != "unchanged" {
            lines.append("pack \(packID) \(version): dry-run (\(action), \(status))")
            for (key, label) in [("schemas", "schema"), ("workflows", "workflow")] {
                for item in plan[key]?.arrayValue ?? [] {
                    lines.append("  \(label) \(field(item, "id")): \(field(item, "change"))")
                }
            }
            for item in plan["config"]?.arrayValue ?? [] {
                lines.append(
                    "  config \(field(item, "name")) (\(field(item, "document")) \(field(item, "key"))): \(field(item, "change"))"
                )
            }
            for item in plan["fragments"]?.arrayValue ?? [] {
                lines.append("  fragment \(field(item, "id")): \(field(item, "change"))")
            }
        } else {
            switch action {
            case "unchanged": lines.append("pack \(packID) \(version) already installed (\(status)); nothing changed")
            case "upgrade":
                let previous = plan["previous_version"]?.stringValue ?? "?"
                lines.append("upgraded pack \(packID) \(previous) -> \(version) (\(status))")
            default: lines.append("installed pack \(packID) \(version) (\(status))")
            }
        }
        for requirement in plan["requires"]?.arrayValue ?? [] {
            let installed = requirement["installed_version"]?.stringValue ?? "-"
            lines.append(
                "  requires \(field(requirement, "pack_id")) \(field(requirement, "constraint")): installed \(installed)"
            )
        }
        for note in plan["notes"]?.arrayValue ?? [] { lines.append("  note: \(note.stringValue ?? "")") }
        return lines.joined(separator: "\n")
    }
}
