import GRDB
public import PackFormat
import PolicyKernel
import StructuredData
public import WorkflowEngine

/// Installs, upgrades, uninstalls and verifies packs on the host store, following Cordum's installer (pack-format
/// §3) with its holes fixed: each install or uninstall is one transaction with its audit records, so a failure at
/// any point leaves the host exactly as it was; same-version reinstalls with identical content write nothing; an
/// upgrade removes what the new version no longer has; every overlay is tracked and removed on uninstall, without
/// leaving `{}` behind; fragments are validated before they are stored; `requires_packs` is enforced.
///
/// After a change, the host reloads ``Governance`` (``Governance/load(in:basePolicy:)``).
public struct PackInstaller: Sendable {
    /// The store.
    public let database: HostDatabase
    /// Where time comes from.
    public let clock: any EngineClock
    /// The host's base policy (used by ``verify(_:)``).
    public let basePolicy: BasePolicy?
    /// Called between the writes of an install or uninstall; a throw aborts the transaction (tests only).
    var faultInjection: (@Sendable (InstallStep) throws -> Void)?

    /// The base policy file: its name (for messages) and bytes.
    public struct BasePolicy: Sendable {
        /// The file name.
        public var file: String
        /// The content.
        public var bytes: [UInt8]

        /// Creates a base policy.
        public init(file: String, bytes: [UInt8]) {
            self.file = file
            self.bytes = bytes
        }
    }

    /// Creates an installer.
    public init(database: HostDatabase, clock: any EngineClock = SystemClock(), basePolicy: BasePolicy? = nil) {
        self.database = database
        self.clock = clock
        self.basePolicy = basePolicy
    }

    /// Installs a pack from a folder (holding `pack.yaml`, or `pack/pack.yaml`) or a `.tgz` bundle.
    /// - Throws: `invalid_argument` listing every problem of a pack that does not load; see ``install(_:options:)``.
    @discardableResult
    public func install(path: String, options: InstallOptions = InstallOptions()) throws(HostError) -> InstallResult {
        try install(try Self.load { () throws(PackLoadError) in try PackLoader.load(path) }, options: options)
    }

    /// Installs a pack from bundle bytes.
    @discardableResult
    public func install(
        bundle: [UInt8],
        name: String,
        options: InstallOptions = InstallOptions()
    ) throws(HostError) -> InstallResult {
        try install(
            try Self.load { () throws(PackLoadError) in try PackLoader.load(bundle: bundle, name: name) },
            options: options
        )
    }

    static func load(_ body: () throws(PackLoadError) -> Pack) throws(HostError) -> Pack {
        do {
            return try body()
        } catch {
            throw HostError(
                .invalidArgument,
                "the pack does not load: " + error.errors.map { "\($0)" }.joined(separator: "; ")
            )
        }
    }

    /// Installs a loaded pack.
    /// - Returns: the plan and the stored record; with `dryRun`, the plan only (nothing is written).
    /// - Throws: `invalid_argument` for a fragment, schema, workflow or overlay that is invalid; `conflict` for an
    ///   object (or an installed pack) whose content differs without `upgrade`, or a workflow id a tenant uses;
    ///   `failed_precondition`-style `conflict` for a missing required pack.
    @discardableResult
    public func install(_ pack: Pack, options: InstallOptions = InstallOptions()) throws(HostError) -> InstallResult {
        let prepared = try PreparedPack(pack)
        let time = clock.now()
        if options.dryRun {
            return try database.read { db in
                let planned = try InstallPlanner(pack: prepared, options: options, time: time).plan(in: db)
                return InstallResult(plan: planned.plan, record: planned.record, applied: false)
            }
        }
        return try database.write { db in
            let planned = try InstallPlanner(pack: prepared, options: options, time: time).plan(in: db)
            guard planned.plan.action != .unchanged else {
                return InstallResult(plan: planned.plan, record: planned.existing ?? planned.record, applied: false)
            }
            try InstallWriter(
                planned: planned,
                pack: prepared,
                time: time,
                principal: options.principal,
                hook: faultInjection
            )
            .apply(in: db)
            return InstallResult(plan: planned.plan, record: planned.record, applied: true)
        }
    }

    /// Every registry record, sorted by pack id.
    public func list() throws(HostError) -> [InstalledPack] {
        try database.read { db in try PackRegistry.list(in: db) }
    }

    /// The record of one pack.
    /// - Throws: `not_found` when the pack was never installed.
    public func show(_ packID: String) throws(HostError) -> InstalledPack {
        try database.read { db in try PackRegistry.show(packID, in: db) }
    }
}
