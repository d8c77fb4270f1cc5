/// What a pack's emulator library tells the tools that start it (`packctl dev`): its pack id, and how to start it
/// on a port with its demo data and tell the pack's worker how to reach it.
///
/// An emulator library `<Name>Emulator` declares one as `<Name>Emulator.registration`; packctl's generated registry
/// collects them from the pack table (docs/authoring.md).
public struct EmulatorRegistration: Sendable {
    /// The pack id.
    public let packID: String
    private let starter: @Sendable (_ port: Int) async throws -> RunningEmulator

    /// Creates a registration.
    /// - Parameters:
    ///   - packID: the pack id.
    ///   - start: starts the emulator with its demo data on 127.0.0.1 and `port` (0 picks a free one).
    public init(packID: String, start: @escaping @Sendable (_ port: Int) async throws -> RunningEmulator) {
        self.packID = packID
        self.starter = start
    }

    /// Starts the emulator on 127.0.0.1 and `port` (0 picks a free one).
    public func start(port: Int) async throws -> RunningEmulator {
        try await starter(port)
    }
}

/// A started emulator, as the tools see it.
public struct RunningEmulator: Sendable {
    /// The base URL, e.g. `http://127.0.0.1:54321`.
    public let baseURL: String
    /// The settings (environment variables by name) that point the pack's worker at the emulator, e.g. its base
    /// URL and a demo credential.
    public let workerSettings: [String: String]
    /// The demo data seeded, in a few words (`demo repository acme/widgets`).
    public let demo: String
    private let stopper: @Sendable () async -> Void

    /// Describes a started emulator.
    public init(
        baseURL: String,
        workerSettings: [String: String],
        demo: String,
        stop: @escaping @Sendable () async -> Void
    ) {
        self.baseURL = baseURL
        self.workerSettings = workerSettings
        self.demo = demo
        self.stopper = stop
    }

    /// Stops the emulator gracefully.
    public func stop() async {
        await stopper()
    }
}
