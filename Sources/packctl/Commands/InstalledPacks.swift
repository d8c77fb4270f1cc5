import ArgumentParser
import PackHost
import StructuredData
import WorkflowEngine

/// `--data DIR`: the embedded host's data folder, shared by the commands that work on installed packs.
struct HostDataOptions: ParsableArguments {
    @Option(name: .long, help: "The host's data folder; the store is <DIR>/host.sqlite.")
    var data = HostPaths.defaultDataDirectory

    /// An installer over the store in the data folder (created when missing).
    func installer() throws(HostError) -> PackInstaller {
        let paths = HostPaths(dataDirectory: data)
        try paths.createDataDirectory()
        return PackInstaller(database: try HostDatabase(path: paths.hostDatabase), clock: SystemClock())
    }
}

/// How the pack-host commands report a refused request: `error: <message>` on standard error, or
/// `{"error": {code, message}}` with `--format json`; exit 1 for a refused signature, else 2.
func failHostCommand(_ error: HostError, format: OutputFormat) -> ExitCode {
    switch format {
    case .text: printError("error: \(error.message)")
    case .json:
        print(
            JSONEncoding.pretty(["error": ["code": .string(error.code.rawValue), "message": .string(error.message)]])
        )
    }
    return error.code == .forbidden ? ExitStatus.checkFailed : ExitStatus.invalidInput
}

/// `packctl list`: the installed packs.
struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the packs installed in the embedded host (or, with --host, a running one).",
        discussion: """
            Prints one line per pack, sorted by id: <id> <version> <status> (ACTIVE, INACTIVE, or DISABLED once \
            uninstalled). --format json prints {"items": [records]}.
            Exit codes: 0 listed; 2 the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        do {
            let records = try await HostSession.using(data: host, target: target) { control throws(HostError) in
                try await control.packs()
            }
            switch format {
            case .json: print(JSONEncoding.pretty(["items": .array(records)]))
            case .text:
                if records.isEmpty { print("no packs installed") }
                for record in records {
                    print(["id", "version", "status"].map { record[$0]?.stringValue ?? "?" }.joined(separator: "\t"))
                }
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}

/// `packctl show ID`: one installed pack's registry record.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an installed pack's registry record (embedded or --host).",
        discussion: """
            Prints the record as Cordum's gateway stores it in cfg:system:packs (JSON, two-space indentation).
            Exit codes: 0 shown; 2 the pack was never installed, or the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The pack id.")
    var id: String

    @Option(name: .long, help: "Output format: text or json (both print the record as JSON).")
    var format: OutputFormat = .text

    func run() async throws {
        do {
            let record = try await HostSession.using(data: host, target: target) { control throws(HostError) in
                try await control.pack(id)
            }
            print(JSONEncoding.pretty(record))
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}

/// `packctl uninstall ID`.
struct Uninstall: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Uninstall a pack from the embedded host (or, with --host, a running one).",
        discussion: """
            Removes the pack's config overlays and policy fragments and marks it DISABLED (the record stays); with \
            --purge also deletes its workflows and schemas. One transaction: on failure nothing changes. A pack \
            that an installed pack requires (requires_packs) is not uninstalled.
            Exit codes: 0 uninstalled; 2 not installed, required by another pack, or the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The pack id.")
    var id: String

    @Flag(name: .long, help: "Also delete the pack's workflows and schemas.")
    var purge = false

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        do {
            let record = try await HostSession.using(data: host, target: target) { control throws(HostError) in
                try await control.uninstall(id, purge: purge)
            }
            switch format {
            case .json: print(JSONEncoding.pretty(record))
            case .text:
                let status = record["status"]?.stringValue ?? "?"
                print("uninstalled pack \(record["id"]?.stringValue ?? id) (\(status))\(purge ? ", purged" : "")")
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}
