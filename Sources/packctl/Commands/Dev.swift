import ArgumentParser
import Foundation
import PackHost
import Telemetry

/// `packctl dev`: the host API, every built-in pack's emulator and worker, wired together in one process.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the host API, the built-in pack workers and their emulators in one process, for development.",
        discussion: """
            The same as `packctl serve --dev-workers --allow-self-approval '*'` (one developer asks and approves; \
            it says so when it starts), plus the built-in packs: unless --no-emulators, each chosen pack's \
            emulator starts on loopback with its demo data, its worker runs against it with the settings the \
            emulator publishes, and the pack is installed from its folder (packs/<id>/pack), so its workflows run \
            offline; a chosen pack brings the built-in packs its workflows use (requires_packs), installed before \
            it. Once the host serves, each pack's companion (a receiver of inbound events, say) starts beside its \
            worker with the same settings and the host's URL. A worker that needs settings and has no emulator \
            running runs when its CORDUM_<PACK>_* \
            variables are set. Install any other pack (packctl install --host URL PACK, or embedded before \
            starting) and its built-in worker, if it has one, starts serving its pool. --list-packs prints the \
            built-in packs.
            Exit codes: as serve; 2 also when an emulator does not start; 64 an unknown pack id or a bad \
            --emulator-port.
            """
    )

    @OptionGroup var data: HostDataOptions

    @OptionGroup var tracing: TraceOptions

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .long, help: "A base policy file merged before every pack's fragment.")
    var policy: String?

    @Option(name: .customLong("pack"), help: "A built-in pack to run (repeatable; default: every one).")
    var packs: [String] = []

    @Flag(name: .long, help: "Start no emulators (and install no pack for them).")
    var noEmulators = false

    @Option(name: .long, help: "An emulator's port, as ID=PORT (repeatable; default: a free one).")
    var emulatorPort: [String] = []

    @Flag(name: .long, help: "Print the built-in packs (worker, emulator) and exit.")
    var listPacks = false

    func validate() throws {
        _ = try Self.chosen(packs)
        _ = try Self.ports(emulatorPort)
    }

    func run() async throws {
        if listPacks {
            print(PackRegistry.markdownTable)
            return
        }
        let chosen = try Self.chosen(packs)
        let traces = try tracing.start()
        var configuration = Self.singleUser
        configuration.tracer = traces?.tracer
        let dev: DevPacks
        do {
            dev = try await DevPacks.start(chosen, emulators: !noEmulators, ports: try Self.ports(emulatorPort))
        } catch {
            printError("error: \(error)")
            throw ExitStatus.invalidInput
        }
        let companions = DevCompanions()
        let settings = dev.settings(environment: ProcessInfo.processInfo.environment)
        do {
            try await Serve.serve(
                data: data.data,
                address: "127.0.0.1",
                port: port,
                policy: policy,
                devWorkers: true,
                configuration: configuration,
                traces: traces,
                workers: dev.factories(environment: ProcessInfo.processInfo.environment),
                prepare: { services throws(HostError) in try await dev.install(into: services) },
                onServing: { port in
                    companions.start(chosen, settings: settings, hostURL: "http://127.0.0.1:\(port)")
                }
            )
        } catch {
            await companions.stop()
            await dev.stop()
            throw error
        }
        await companions.stop()
        await dev.stop()
    }

    /// The registry entries of `ids` (every one when empty), with the built-in packs they require.
    /// - Throws: `ValidationError` naming an unknown id and the known ones.
    static func chosen(_ ids: [String]) throws -> [PackRegistry.Entry] {
        guard !ids.isEmpty else { return PackRegistry.all }
        let named = try ids.map { id in
            guard let entry = PackRegistry.entry(id) else {
                throw ValidationError(
                    "--pack \(id): not a built-in pack (built in: \(PackRegistry.all.map(\.packID).joined(separator: ", ")))"
                )
            }
            return entry
        }
        return DevPacks.withRequiredPacks(named)
    }

    /// The emulator ports of `ID=PORT` options.
    /// - Throws: `ValidationError` naming the option when it is not `ID=PORT`, the id has no emulator, or the port
    ///   is outside 0-65535.
    static func ports(_ options: [String]) throws -> [String: Int] {
        var ports: [String: Int] = [:]
        for option in options {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
                throw ValidationError("--emulator-port \(option): expected ID=PORT with PORT 0-65535")
            }
            guard PackRegistry.entry(parts[0])?.emulator != nil else {
                let known = PackRegistry.all.filter { $0.emulator != nil }.map(\.packID)
                throw ValidationError(
                    "--emulator-port \(option): no built-in pack `\(parts[0])` with an emulator (emulators: \(known.joined(separator: ", ")))"
                )
            }
            ports[parts[0]] = port
        }
        return ports
    }
}

extension Dev {
    /// One developer asks and approves: self-approval in every tenant.
    static var singleUser: HostConfiguration {
        var configuration = HostConfiguration()
        configuration.selfApproval = .everyTenant
        return configuration
    }
}
