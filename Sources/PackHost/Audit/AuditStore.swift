public import Bundler
import Foundation
import GRDB

/// Reads the audit log: verification, paging and export. Built over the running host's store, or opened
/// read-only over a store file for offline checks (`packctl audit`).
public struct AuditStore: Sendable {
    private let reader: any DatabaseReader
    private let path: String?

    /// Reads the log of a running host.
    public init(database: HostDatabase) {
        reader = database.pool
        path = nil
    }

    /// Opens the host store at `path` read-only. Nothing is created or migrated.
    /// - Throws: `not_found` when no file is at `path`; `unavailable` when the file is not a host store.
    public static func open(existingAt path: String) throws(HostError) -> AuditStore {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw HostError(.notFound, "no host store at \"\(path)\" (pass the host's data directory with --data)")
        }
        do {
            var configuration = Configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let hasLog = try queue.read { db in try db.tableExists("audit_log") }
            guard hasLog else {
                throw HostError(.unavailable, "\"\(path)\" is not a host store: it has no audit_log table")
            }
            return AuditStore(reader: queue, path: path)
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError(.unavailable, "\"\(path)\" cannot be read as a host store: \(error)")
        }
    }

    private init(reader: any DatabaseReader, path: String) {
        self.reader = reader
        self.path = path
    }

    /// Walks the whole chain; see ``AuditLog/verify(anchor:in:)``.
    public func verify(anchor: AuditAnchor? = nil) throws(HostError) -> AuditVerification {
        try read { db in try AuditLog.verify(anchor: anchor, in: db) }
    }

    /// Walks the whole chain and checks it against a signed checkpoint; see
    /// ``AuditVerification/check(checkpoint:expected:trusting:hashAt:)``.
    public func verify(
        anchor: AuditAnchor? = nil,
        checkpoint: AuditCheckpoint?,
        expected: Bool,
        trusting key: PublicKey?
    ) throws(HostError) -> AuditVerification {
        try read { db in
            var result = try AuditLog.verify(anchor: anchor, in: db)
            try result.check(checkpoint: checkpoint, expected: expected, trusting: key) { sequence in
                try AuditLog.storedHash(at: sequence, in: db)
            }
            if expected || checkpoint != nil {
                let losses = try Int64.fetchAll(
                    db,
                    sql: "SELECT seq FROM audit_log WHERE kind = ? ORDER BY seq",
                    arguments: [AuditCheckpointer.lostKind]
                )
                for sequence in losses {
                    result.problems.append(
                        AuditProblem(
                            sequence: sequence,
                            kind: .checkpointMissing,
                            message: "at record \(sequence) the host found its signed checkpoint missing or unusable: "
                                + "records before it may have been removed unseen"
                        )
                    )
                }
            }
            return result
        }
    }

    /// Records after `since`; see ``AuditLog/records(tenant:since:limit:in:)``.
    public func records(tenant: String?, since: Int64 = 0, limit: Int = 1000) throws(HostError) -> [AuditRecord] {
        try read { db in try AuditLog.records(tenant: tenant, since: since, limit: limit, in: db) }
    }

    /// A tenant's records of one kind about one subject, oldest first (a job's gate decisions, say).
    public func records(tenant: String, kind: String, subject: String, limit: Int = 1000) throws(HostError)
        -> [AuditRecord]
    {
        try read { db in try AuditLog.records(tenant: tenant, kinds: [kind], subject: subject, limit: limit, in: db) }
    }

    /// A tenant's records of the given kinds (about `subject` when given), newest first when `newestFirst`.
    public func records(tenant: String, kinds: [String], subject: String? = nil, limit: Int, newestFirst: Bool)
        throws(HostError) -> [AuditRecord]
    {
        try read { db in
            try AuditLog.records(
                tenant: tenant,
                kinds: kinds,
                subject: subject,
                limit: limit,
                newestFirst: newestFirst,
                in: db
            )
        }
    }

    /// Hands every record after `since` (of `tenant`, or of all tenants when nil) to `write` as one export
    /// line (``AuditRecord/exportLine``), page by page.
    /// - Returns: the number of records exported.
    @discardableResult
    public func export(
        tenant: String?,
        since: Int64 = 0,
        pageSize: Int = 1000,
        write: (String) throws(HostError) -> Void
    ) throws(HostError) -> Int {
        var cursor = since
        var count = 0
        while true {
            let page = try records(tenant: tenant, since: cursor, limit: pageSize)
            for record in page {
                try write(record.exportLine)
            }
            count += page.count
            guard page.count == min(pageSize, AuditLog.maximumPageSize), let last = page.last else { return count }
            cursor = last.sequence
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(HostError) -> T {
        do {
            return try reader.read(body)
        } catch {
            if let hostError = error as? HostError { throw hostError }
            let place = path.map { " \"\($0)\"" } ?? ""
            throw HostError(.storage, "the host store\(place) failed: \(error)")
        }
    }
}
