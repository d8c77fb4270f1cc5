import ArgumentParser
import Dispatch
import PackHost
import StructuredData
import Synchronization
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

/// Runs async host work from a synchronous command (the root command is synchronous).
func waitFor<T: Sendable>(_ body: @escaping @Sendable () async throws(HostError) -> T) throws(HostError) -> T {
    let outcome = Mutex<Result<T, HostError>?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let result: Result<T, HostError>
        do throws(HostError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
        done.signal()
    }
    done.wait()
    return try outcome.withLock { $0! }.get()
}

/// `packctl list`: the installed packs.
struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the packs installed in the embedded host.",
        discussion: """
            Prints one line per pack, sorted by id: <id> <version> <status> (ACTIVE, INACTIVE, or DISABLED once \
            uninstalled). --format json prints {"items": [records]}.
            Exit codes: 0 listed; 2 the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        do {
            let records = try host.installer().list()
            switch format {
            case .json: print(JSONEncoding.pretty(["items": .array(records.map(\.json))]))
            case .text:
                if records.isEmpty { print("no packs installed") }
                for record in records { print("\(record.id)\t\(record.version)\t\(record.status.rawValue)") }
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}

/// `packctl show ID`: one installed pack's registry record.
struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show an installed pack's registry record.",
        discussion: """
            Prints the record as Cordum's gateway stores it in cfg:system:packs (JSON, two-space indentation).
            Exit codes: 0 shown; 2 the pack was never installed, or the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions

    @Argument(help: "The pack id.")
    var id: String

    @Option(name: .long, help: "Output format: text or json (both print the record as JSON).")
    var format: OutputFormat = .text

    func run() throws {
        do {
            print(JSONEncoding.pretty(try host.installer().show(id).json))
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}

/// `packctl uninstall ID`.
struct Uninstall: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Uninstall a pack from the embedded host.",
        discussion: """
            Removes the pack's config overlays and policy fragments and marks it DISABLED (the record stays); with \
            --purge also deletes its workflows and schemas. One transaction: on failure nothing changes. A pack \
            that an installed pack requires (requires_packs) is not uninstalled.
            Exit codes: 0 uninstalled; 2 not installed, required by another pack, or the store cannot be opened.
            """
    )

    @OptionGroup var host: HostDataOptions

    @Argument(help: "The pack id.")
    var id: String

    @Flag(name: .long, help: "Also delete the pack's workflows and schemas.")
    var purge = false

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        do {
            let record = try host.installer().uninstall(id, purge: purge, principal: "packctl")
            switch format {
            case .json: print(JSONEncoding.pretty(record.json))
            case .text: print("uninstalled pack \(record.id) (\(record.status.rawValue))\(purge ? ", purged" : "")")
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }
}
