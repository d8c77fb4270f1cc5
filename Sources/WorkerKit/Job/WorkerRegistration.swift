/// What a pack's worker library tells the tools that run it in process (`packctl dev`, `serve --dev-workers`): its
/// pack id and how to make its worker from settings.
///
/// A worker library `<Name>Worker` declares one as `<Name>Worker.registration`; packctl's generated registry
/// collects them from the pack table (docs/authoring.md).
public struct WorkerRegistration: Sendable {
    /// The pack id.
    public let packID: String
    /// Whether the worker needs settings to run (credentials, a base URL): it is then made only when some
    /// `CORDUM_<PACK>_` variable is set or its emulator published settings. `false` runs it with none.
    public let needsSettings: Bool
    private let factory: @Sendable ([String: String]) throws -> MadeWorker
    /// A long-running part of the pack that runs beside its worker and talks to the host's API (a webhook
    /// receiver that starts runs, say): `packctl dev` starts it once the host serves, with the settings and the
    /// host's base URL, and cancels it when the host stops. It returns at once when the settings configure nothing
    /// for it.
    public private(set) var companion: Companion?

    /// A companion's entry point: the settings (environment variables by name) and the host's base URL
    /// (`http://127.0.0.1:8080`, without `/api/v1`).
    public typealias Companion = @Sendable (_ settings: [String: String], _ hostURL: String) async throws -> Void

    /// Creates a registration.
    /// - Parameters:
    ///   - packID: the pack id.
    ///   - needsSettings: whether the worker runs only with settings (see ``needsSettings``).
    ///   - make: the worker for settings (environment variables by name); throws when they are invalid.
    public init(
        packID: String,
        needsSettings: Bool = false,
        make: @escaping @Sendable (_ settings: [String: String]) throws -> Worker
    ) {
        self.init(packID: packID, needsSettings: needsSettings) { settings in MadeWorker(try make(settings)) }
    }

    /// Creates a registration whose worker comes with the registry of the secrets its settings hold, so an
    /// in-process host can scrub them from everything the worker reports, as the CAP transport does.
    public init(
        packID: String,
        needsSettings: Bool = false,
        makeWithSecrets: @escaping @Sendable (_ settings: [String: String]) throws -> MadeWorker
    ) {
        self.packID = packID
        self.needsSettings = needsSettings
        self.factory = makeWithSecrets
    }

    /// This registration with a companion (see ``companion``).
    public func with(companion: @escaping Companion) -> WorkerRegistration {
        var copy = self
        copy.companion = companion
        return copy
    }

    /// Whether `settings` hold anything for this pack (always true when it needs none).
    public func isConfigured(by settings: [String: String]) -> Bool {
        guard needsSettings else { return true }
        let prefix = WorkerConfiguration.variablePrefix(packID: packID)
        return settings.contains { $0.key.hasPrefix(prefix) && !$0.value.isEmpty }
    }

    /// The worker for settings.
    /// - Throws: the pack's configuration error when the settings are invalid.
    public func make(settings: [String: String]) throws -> Worker {
        try factory(settings).worker
    }

    /// The worker for settings, with the secrets its settings hold.
    /// - Throws: the pack's configuration error when the settings are invalid.
    public func makeWithSecrets(settings: [String: String]) throws -> MadeWorker {
        try factory(settings)
    }
}

/// A worker made from settings, and the registry of the secrets those settings hold.
public struct MadeWorker: Sendable {
    /// The worker.
    public var worker: Worker
    /// Its secrets (empty for a worker that holds none).
    public var secrets: SecretRegistry

    /// Pairs a worker with its secrets.
    public init(_ worker: Worker, secrets: SecretRegistry = SecretRegistry()) {
        self.worker = worker
        self.secrets = secrets
    }
}
