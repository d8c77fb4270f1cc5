import Bundler
public import Logging
public import StructuredData
import WorkflowEngine

/// The host on a local data directory, in this process: what `packctl` commands use without `--host`.
///
/// ``open(dataDirectory:tenant:principal:basePolicy:)`` opens the stores; ``start(workers:)`` registers the
/// given in-process workers, recovers unfinished work and starts the timer loop, so runs move forward while the
/// command waits. ``close()`` stops the loop and waits for in-flight work; a run that is not finished stays in
/// the store and continues the next time a host opens the directory.
public final class EmbeddedHost: HostControl {
    /// The stores and the host.
    public let services: HostServices
    /// The tenant the commands act for.
    public let tenant: String
    /// Who the audit log names for the commands' actions.
    public let principal: String

    private init(services: HostServices, tenant: String, principal: String) {
        self.services = services
        self.tenant = tenant
        self.principal = principal
    }

    /// Opens (creating if needed) the stores in `dataDirectory`.
    public static func open(
        dataDirectory: String,
        tenant: String = "default",
        principal: String = "packctl",
        basePolicy: (file: String, bytes: [UInt8])? = nil,
        logger: Logger = EmbeddedHost.quietLogger
    ) throws(HostError) -> EmbeddedHost {
        var configuration = HostConfiguration()
        configuration.defaultTenant = tenant
        // One local user asks and approves: self-approval is on, and `packctl approve` says when it was relied on.
        configuration.selfApproval = .everyTenant
        let services = try HostServices.open(
            paths: HostPaths(dataDirectory: dataDirectory),
            configuration: configuration,
            basePolicy: basePolicy,
            logger: logger
        )
        return EmbeddedHost(services: services, tenant: tenant, principal: principal)
    }

    /// A logger that reports warnings and errors only (a command's output is its own).
    public static var quietLogger: Logger {
        var logger = Logger(label: "cordum.host")
        logger.logLevel = .warning
        return logger
    }

    /// Registers `workers` (built for the installed packs and the current governance), recovers unfinished work
    /// and starts the timer loop.
    public func start(workers: ([InstalledPack], Governance) throws(HostError) -> [any HostWorker])
        async throws(HostError)
    {
        let installed = try services.installer.list().filter { $0.status == .active }
        let governance = try services.catalog.governance()
        for worker in try workers(installed, governance) { try await services.host.register(worker) }
        try await services.host.recover()
        await services.host.startTicking(every: .milliseconds(50))
    }

    /// Stops the timer loop and waits for in-flight work.
    public func close() async {
        await services.host.shutdown()
        // The records this command appended are covered by a signed checkpoint before the process ends.
        _ = try? services.checkpointer.checkpointNow(services.database, clock: services.clock)
    }

    public func startRun(workflowID: String, input: JSONValue, dryRun: Bool, idempotencyKey: String?)
        async throws(HostError) -> String
    {
        try await services.host.startRun(
            workflowID: workflowID,
            input: input,
            tenant: tenant,
            principal: principal,
            dryRun: dryRun,
            idempotencyKey: idempotencyKey
        ).id
    }

    public func workflow(_ id: String) async throws(HostError) -> JSONValue {
        let tenant = tenant
        let entry = try services.database.read { db in try WorkflowRegistry.get(id: id, tenant: tenant, in: db) }
        guard let entry else { throw HostError(.notFound, "workflow \(id) not found") }
        return HostAPI.workflowJSON(entry)
    }

    public func run(_ id: String) async throws(HostError) -> JSONValue {
        try await services.host.run(id, tenant: tenant).apiJSON
    }

    public func runs(workflowID: String?, status: String?, limit: Int) async throws(HostError) -> [JSONValue] {
        let parsed = try status.map { text throws(HostError) in
            guard let value = RunStatus(rawValue: text) else {
                let valid = RunStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw HostError(.invalidArgument, "--status \(text): not a run status; valid: \(valid)")
            }
            return value
        }
        return try await services.host.runs(tenant: tenant, workflowID: workflowID, status: parsed, limit: limit)
            .map(\.apiJSON)
    }

    public func artifact(_ pointer: String) async throws(HostError) -> JSONValue {
        try services.artifacts.get(tenant: tenant, pointer: pointer).json
    }

    public func timeline(_ runID: String, limit: Int) async throws(HostError) -> [JSONValue] {
        try await services.host.run(runID, tenant: tenant).timelineJSON(limit: limit).arrayValue ?? []
    }

    public func approvals(includeDecided: Bool, limit: Int) async throws(HostError) -> [JSONValue] {
        try await services.host.approvals(tenant: tenant, status: includeDecided ? nil : .pending, limit: limit)
            .map(\.json)
    }

    public func approve(_ id: String, reason: String, digest: String?) async throws(HostError) -> JSONValue {
        try await services.host.approve(
            id,
            tenant: tenant,
            principal: principal,
            reason: reason,
            expectedDigest: digest
        ).json
    }

    public func reject(_ id: String, reason: String) async throws(HostError) -> JSONValue {
        try await services.host.reject(id, tenant: tenant, principal: principal, reason: reason).json
    }

    public func install(_ source: HostPackSource, options: InstallOptions) async throws(HostError) -> JSONValue {
        var options = options
        options.principal = principal
        let result: InstallResult
        switch source {
        case .path(let path):
            result = try services.installer.install(path: path, options: options)
        case .catalog(let catalog, let packID, let version, let keyFile):
            let publicKey = try keyFile.map { path throws(HostError) in
                do throws(BundlerError) {
                    return try KeyFiles.publicKey(at: path)
                } catch {
                    throw HostError(.invalidArgument, "\(path): \(error.message)")
                }
            }
            result = try await services.installer.install(
                from: CatalogPackSource(catalog: catalog, packID: packID, version: version, publicKey: publicKey),
                options: options
            )
        }
        if result.applied { try await services.configurationChanged() }
        return result.json
    }

    public func uninstall(_ packID: String, purge: Bool) async throws(HostError) -> JSONValue {
        let record = try services.installer.uninstall(packID, purge: purge, principal: principal)
        try await services.configurationChanged()
        return record.json
    }

    public func packs() async throws(HostError) -> [JSONValue] { try services.installer.list().map(\.json) }

    public func pack(_ id: String) async throws(HostError) -> JSONValue { try services.installer.show(id).json }
}
