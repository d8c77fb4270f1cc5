public import GRDB

/// The host's embedded store: one SQLite file in WAL mode, through GRDB. Every component keeps its tables
/// here and registers a ``HostMigration``; writes that must happen together share one transaction
/// (``write(_:)``), so an install, a decision and its audit record are stored together or not at all.
public final class HostDatabase: Sendable {
    /// The connection pool (one writer, concurrent readers).
    public let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and brings its tables up to date.
    /// - Parameter migrations: the components' migrations, applied in order; ``HostMigration/all`` by default.
    public init(path: String, migrations: [HostMigration] = HostMigration.all) throws(HostError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                // Checkpoint (and fsync) every 16 MiB of WAL rather than every 4 MiB: fewer stalls on the job path.
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 4000")
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            for migration in migrations {
                migrator.registerMigration(migration.name) { db in try migration.apply(db) }
            }
            try migrator.migrate(pool)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Runs `body` in one write transaction; nothing it wrote is kept when it throws.
    @discardableResult
    public func write<T>(_ body: (Database) throws -> T) throws(HostError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// Runs `body` on a read-only snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws(HostError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    /// A ``HostError`` passes through; anything else becomes a `storage_error`.
    static func storageError(_ error: any Error) -> HostError {
        if let hostError = error as? HostError { return hostError }
        return HostError(.storage, "the host store failed: \(error)")
    }
}

/// One component's tables: a name that never changes once released, and the SQL that creates them.
public struct HostMigration: Sendable {
    /// The migration's name, recorded in the store once applied.
    public var name: String
    /// Creates or alters tables.
    public var apply: @Sendable (Database) throws -> Void

    /// Creates a migration.
    public init(name: String, apply: @escaping @Sendable (Database) throws -> Void) {
        self.name = name
        self.apply = apply
    }
}
