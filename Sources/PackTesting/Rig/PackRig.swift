public import EmulatorKit
public import Foundation
import Logging
public import PackHost
import StructuredData
public import WorkerKit
public import WorkflowEngine

/// A pack installed into an embedded host on a temporary folder, with a hand-moved host clock; the pack's emulator
/// started with its demo data (through its ``EmulatorRegistration``); the pack's worker made from the emulator's
/// published settings (through its ``WorkerRegistration``) and registered in-process. Log lines of the host and the
/// worker are kept, so tests can prove no secret reached them.
///
/// Open one with ``withPackRig(_:_:_:)``, which tears it down however the body ends.
public final class PackRig: Sendable {
    /// The tenant every run uses.
    public static let tenant = "default"
    /// Who starts runs.
    public static let requester = "alice"
    /// Who approves them: never the requester (separation of duties).
    public static let approver = "bob"

    /// The pack.
    public let pack: PackUnderTest
    /// The host's data folder (removed by ``stop()``).
    public let directory: URL
    /// The host's stores and the host.
    public let services: HostServices
    /// The host's clock.
    public let clock: ManualClock
    /// The emulator, when started.
    public let emulator: RunningEmulator?
    /// The emulators of the packs ``PackUnderTest/required`` names, by pack id; stopped with the rig.
    public let requiredEmulators: [String: RunningEmulator]
    /// Its control endpoints, when started.
    public let control: EmulatorControl?
    /// The worker's settings: the emulator's, then the declaration's and the options' extras.
    public let workerSettings: [String: String]
    /// The secrets the worker's settings hold.
    public let secrets: SecretRegistry
    /// Every log line of the host and the in-process worker.
    public let logs: LogRecorder

    /// The host.
    public var host: PackHost { services.host }

    private init(
        pack: PackUnderTest,
        directory: URL,
        services: HostServices,
        clock: ManualClock,
        emulator: RunningEmulator?,
        requiredEmulators: [String: RunningEmulator],
        workerSettings: [String: String],
        secrets: SecretRegistry,
        logs: LogRecorder
    ) {
        self.requiredEmulators = requiredEmulators
        self.pack = pack
        self.directory = directory
        self.services = services
        self.clock = clock
        self.emulator = emulator
        control = emulator.map { EmulatorControl(baseURL: $0.baseURL) }
        self.workerSettings = workerSettings
        self.secrets = secrets
        self.logs = logs
    }

    /// Opens a rig; prefer ``withPackRig(_:_:_:)``, which always stops it. On failure, whatever was started is
    /// stopped again.
    public static func open(_ pack: PackUnderTest, _ options: PackRigOptions = PackRigOptions()) async throws
        -> PackRig
    {
        let logs = LogRecorder()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pack-rig-\(pack.id)-\(UUID().uuidString)"
        )
        let clock = ManualClock()
        var emulator = options.emulator
        var requiredEmulators: [String: RunningEmulator] = [:]
        do {
            if emulator == nil, options.startEmulator, let registration = pack.emulator {
                emulator = try await registration.start(port: 0)
            }
            let services = try HostServices.open(
                paths: HostPaths(dataDirectory: directory.path),
                configuration: options.hostConfiguration,
                clock: clock,
                logger: logs.logger(label: "cordum.host")
            )
            // The packs it requires first: installed, with their emulators and in-process workers.
            for required in Self.flattened(pack.required) {
                var requiredSettings: [String: String] = [:]
                if options.startEmulator, let registration = required.emulator {
                    let running = try await registration.start(port: 0)
                    requiredEmulators[required.id] = running
                    requiredSettings = running.workerSettings
                }
                requiredSettings.merge(required.declaration.settings) { $1 }
                guard try services.installer.install(path: required.packPath).applied else {
                    throw RigFailure(description: "installing the required pack \(required.packPath) applied nothing")
                }
                if options.inProcessWorker, let registration = required.worker,
                    registration.isConfigured(by: requiredSettings)
                {
                    let made = try registration.makeWithSecrets(settings: requiredSettings)
                    try await services.host.register(
                        InProcessWorker(
                            made.worker,
                            secrets: made.secrets,
                            logger: logs.logger(label: "cordum.worker"),
                            tracer: services.host.tracer
                        )
                    )
                }
            }
            let installed = try services.installer.install(path: pack.packPath)
            guard installed.applied else {
                throw RigFailure(description: "installing \(pack.packPath) applied nothing")
            }
            try await services.configurationChanged()
            var settings = emulator?.workerSettings ?? [:]
            settings.merge(pack.declaration.settings) { $1 }
            settings.merge(options.settings) { $1 }
            var secrets = SecretRegistry()
            if options.inProcessWorker, let registration = pack.worker {
                let made = try registration.makeWithSecrets(settings: settings)
                secrets = made.secrets
                try await services.host.register(
                    InProcessWorker(
                        made.worker,
                        secrets: made.secrets,
                        logger: logs.logger(label: "cordum.worker"),
                        artifacts: services.artifacts,
                        tracer: services.host.tracer
                    )
                )
            }
            return PackRig(
                pack: pack,
                directory: directory,
                services: services,
                clock: clock,
                emulator: emulator,
                requiredEmulators: requiredEmulators,
                workerSettings: settings,
                secrets: secrets,
                logs: logs
            )
        } catch {
            await emulator?.stop()
            for running in requiredEmulators.values { await running.stop() }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Required packs, each after its own requirements, once each.
    static func flattened(_ packs: [PackUnderTest]) -> [PackUnderTest] {
        var out: [PackUnderTest] = []
        func visit(_ pack: PackUnderTest) {
            guard !out.contains(where: { $0.id == pack.id }) else { return }
            pack.required.forEach(visit)
            out.append(pack)
        }
        packs.forEach(visit)
        return out
    }

    /// Lets running work finish, stops the emulator and removes the host's folder.
    public func stop() async {
        await host.settle()
        await host.shutdown()
        await emulator?.stop()
        for running in requiredEmulators.values { await running.stop() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The worker's credentials, the canaries the suite looks for: every setting whose value its secret registry
    /// holds, and every setting named like a credential (`…TOKEN`, `…SECRET`, `…PASSWORD`, `…KEY`,
    /// `…CREDENTIALS`), registered or not.
    public var credentialValues: [String] {
        let named = ["TOKEN", "SECRET", "PASSWORD", "KEY", "CREDENTIALS"]
        return Set(
            workerSettings.filter { name, value in
                !value.isEmpty
                    && (secrets.containsSecret(value) || named.contains { name.uppercased().hasSuffix($0) })
            }.values
        ).sorted()
    }
}

/// How ``PackRig`` is put together.
public struct PackRigOptions: Sendable {
    /// Start the pack's emulator through its registration (when it has one and ``emulator`` is nil).
    public var startEmulator: Bool
    /// An emulator the caller started, used instead of the registration's (the rig stops it).
    public var emulator: RunningEmulator?
    /// Make the worker from its registration and register it in the host (false when a test runs the
    /// `cordum-<id>` executable over CAP instead).
    public var inProcessWorker: Bool
    /// Worker settings on top of the emulator's and the declaration's.
    public var settings: [String: String]
    /// The host's configuration (for example its approval integrations).
    public var hostConfiguration: HostConfiguration = HostConfiguration()

    /// Options.
    /// - Parameters:
    ///   - startEmulator: start the pack's emulator (default true).
    ///   - emulator: an emulator already started, instead of the registration's.
    ///   - inProcessWorker: register the pack's worker in-process (default true).
    ///   - settings: extra worker settings.
    public init(
        startEmulator: Bool = true,
        emulator: RunningEmulator? = nil,
        inProcessWorker: Bool = true,
        settings: [String: String] = [:]
    ) {
        self.startEmulator = startEmulator
        self.emulator = emulator
        self.inProcessWorker = inProcessWorker
        self.settings = settings
    }
}

/// Something the rig could not set up.
public struct RigFailure: Error, CustomStringConvertible {
    /// What, in a sentence.
    public let description: String
}

/// Opens a ``PackRig``, runs `body` with it, and stops it whether `body` returns or throws (structured teardown:
/// no `defer { Task { ... } }` that may never run).
/// - Returns: what `body` returns.
public func withPackRig<Result>(
    _ pack: PackUnderTest,
    _ options: PackRigOptions = PackRigOptions(),
    _ body: (PackRig) async throws -> Result
) async throws -> Result {
    let rig = try await PackRig.open(pack, options)
    do {
        let result = try await body(rig)
        await rig.stop()
        return result
    } catch {
        await rig.stop()
        throw error
    }
}
