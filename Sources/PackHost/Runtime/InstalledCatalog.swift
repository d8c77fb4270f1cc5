import Foundation
import GRDB
public import StructuredData
import Synchronization

/// The ``HostCatalog`` of a host store: governance from the installed packs and config, workflows from the
/// registry. The governance view is cached and reloaded after ``invalidate()`` (every install, uninstall and
/// config change made through this process calls it) or when it is older than `maximumAge` (changes made by
/// another process on the same store); compiled workflows are cached by registry digest.
public final class InstalledCatalog: HostCatalog {
    private let database: HostDatabase
    private let basePolicy: (file: String, bytes: [UInt8])?
    private let maximumAge: Duration
    private let cache = Mutex<Cache>(Cache())

    private struct Cache {
        var governance: Governance?
        var loadedAt: ContinuousClock.Instant?
        var workflows: [String: (digest: String, definition: WorkflowDefinition)] = [:]
    }

    /// Creates the catalog.
    /// - Parameters:
    ///   - basePolicy: the host's base policy file, merged before every pack's fragments.
    ///   - maximumAge: how long a loaded governance view is trusted without an ``invalidate()``.
    public init(
        database: HostDatabase,
        basePolicy: (file: String, bytes: [UInt8])? = nil,
        maximumAge: Duration = .seconds(1)
    ) {
        self.database = database
        self.basePolicy = basePolicy
        self.maximumAge = maximumAge
    }

    /// Drops the cached governance view; the next job reloads it.
    public func invalidate() {
        cache.withLock {
            $0.governance = nil
            $0.loadedAt = nil
        }
    }

    public func governance() throws(HostError) -> Governance {
        let now = ContinuousClock.now
        if let cached = cache.withLock({ state -> Governance? in
            guard let loadedAt = state.loadedAt, now - loadedAt < maximumAge else { return nil }
            return state.governance
        }) {
            return cached
        }
        let base = basePolicy
        let loaded = try database.read { db in try Governance.load(in: db, basePolicy: base) }
        cache.withLock {
            $0.governance = loaded
            $0.loadedAt = now
        }
        return loaded
    }

    /// The governance the store would give with `bundles` in place of the stored bundles of the same keys (not
    /// cached; nothing is written).
    public func governance(overriding bundles: [String: JSONValue]) throws(HostError) -> Governance {
        let base = basePolicy
        return try database.read { db in try Governance.load(in: db, basePolicy: base, overriding: bundles) }
    }

    public func workflow(id: String, tenant: String) throws(HostError) -> WorkflowDefinition {
        let key = tenant + "\u{0}" + id
        return try database.read { db in
            guard let entry = try WorkflowRegistry.get(id: id, tenant: tenant, in: db) else {
                throw HostError(.notFound, "workflow \(id) not found")
            }
            if let cached = cache.withLock({ $0.workflows[key] }), cached.digest == entry.digest {
                return cached.definition
            }
            let workflow = try WorkflowRegistry.workflow(id: id, tenant: tenant, in: db)
            let definition = WorkflowDefinition(workflow: workflow, tenantID: entry.tenant)
            cache.withLock { $0.workflows[key] = (entry.digest, definition) }
            return definition
        }
    }
}
