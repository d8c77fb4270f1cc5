import Foundation
public import Logging
public import WorkflowEngine

/// Everything a host process opens on one data directory: the stores, the installer, the catalog and the
/// host itself. `packctl` commands and the HTTP API use it; tests may build the parts themselves.
public struct HostServices: Sendable {
    /// Where the stores live.
    public let paths: HostPaths
    /// The host store.
    public let database: HostDatabase
    /// The workflow run store.
    public let runStore: SQLiteRunStore
    /// Installed governance and workflows.
    public let catalog: InstalledCatalog
    /// The control plane.
    public let host: PackHost
    /// Installs, upgrades, uninstalls and verifies packs.
    public let installer: PackInstaller
    /// Resource locks.
    public let locks: LockStore
    /// Job contexts, results and run memory.
    public let memory: MemoryStore
    /// Artifacts.
    public let artifacts: ArtifactStore
    /// Dead-lettered jobs.
    public let deadLetters: DeadLetterStore
    /// The audit log.
    public let audit: AuditStore
    /// The time source.
    public let clock: any EngineClock
    /// Signs checkpoints of the audit log with the host's audit key.
    public let checkpointer: AuditCheckpointer
    /// Tells live consumers (the event stream, webhook deliveries) about new events.
    public let events: EventHub
    /// Delivers events to webhook subscriptions.
    public let subscriptions: WebhookDeliverer

    /// Opens (creating if needed) the stores in `paths.dataDirectory` and builds the host on them.
    /// - Parameters:
    ///   - basePolicy: a base policy file merged before every pack's fragment (none by default).
    ///   - webhookPolicy: retries of webhook deliveries.
    public static func open(
        paths: HostPaths,
        configuration: HostConfiguration = HostConfiguration(),
        basePolicy: (file: String, bytes: [UInt8])? = nil,
        clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "cordum.host"),
        webhookPolicy: WebhookDeliverer.Policy = WebhookDeliverer.Policy()
    ) throws(HostError) -> HostServices {
        try paths.createDataDirectory()
        let database = try HostDatabase(path: paths.hostDatabase)
        let runStore: SQLiteRunStore
        do {
            runStore = try SQLiteRunStore(path: paths.runDatabase)
        } catch {
            throw HostError(.storage, "the run store at \(paths.runDatabase) does not open: \(error.message)")
        }
        let checkpointer = try AuditCheckpointer.open(
            dataDirectory: paths.dataDirectory,
            keyPath: configuration.auditKeyPath,
            interval: configuration.auditCheckpointInterval
        )
        try checkpointer.resume(database, clock: clock)
        let catalog = InstalledCatalog(database: database, basePolicy: basePolicy)
        let host = PackHost(
            database: database,
            runStore: runStore,
            catalog: catalog,
            configuration: configuration,
            clock: clock,
            logger: logger
        )
        return HostServices(
            paths: paths,
            database: database,
            runStore: runStore,
            catalog: catalog,
            host: host,
            installer: PackInstaller(
                database: database,
                clock: clock,
                basePolicy: basePolicy.map { PackInstaller.BasePolicy(file: $0.file, bytes: $0.bytes) }
            ),
            locks: LockStore(database: database, clock: clock),
            memory: MemoryStore(
                database: database,
                clock: clock,
                jobTTLMilliseconds: configuration.memoryTTLSeconds * 1000
            ),
            artifacts: ArtifactStore(database: database, clock: clock),
            deadLetters: DeadLetterStore(database: database, clock: clock),
            audit: AuditStore(database: database),
            clock: clock,
            checkpointer: checkpointer,
            events: try EventHub(database: database),
            subscriptions: WebhookDeliverer(
                database: database,
                clock: clock,
                allowList: configuration.webhookAllowList,
                policy: webhookPolicy
            )
        )
    }

    /// After an install, uninstall or config change: reload governance and re-check queued jobs against it.
    public func configurationChanged() async throws(HostError) {
        catalog.invalidate()
        try await host.reschedule()
    }
}
