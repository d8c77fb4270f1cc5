public import Bundler
import Foundation
import GRDB
import StructuredData
public import WorkflowEngine

/// Signs checkpoints of the audit log with the host's audit key and keeps the newest one beside the key.
///
/// The key (`audit-checkpoint.key`, mode 0600, with `audit-checkpoint.pub`) is created on first start in the data
/// folder, or read from the configured path; it never goes into the database. The newest checkpoint is
/// `audit-checkpoint.json` in the key's folder (mode 0600, replaced atomically). Removing that file is itself
/// detected: while the key exists a checkpoint must exist (`checkpoint_missing`).
public struct AuditCheckpointer: Sendable {
    /// The private key file.
    public let keyPath: String
    /// The checkpoint file.
    public let checkpointPath: String
    /// How many records may follow the newest checkpoint before ``checkpointIfDue(_:clock:)`` signs a new one.
    public let interval: Int64
    let key: SigningKey
    /// Whether ``open(dataDirectory:keyPath:interval:)`` created the key (so no checkpoint can exist yet).
    let createdKey: Bool

    /// The file names used in the data folder.
    public static let keyName = "audit-checkpoint"
    /// The checkpoint file's name, beside the key.
    public static let checkpointFileName = "audit-checkpoint.json"

    /// The audit public key.
    public var publicKey: PublicKey { key.publicKey }

    /// Opens the key at `keyPath` (default `<data>/audit-checkpoint.key`), creating it with mode 0600 when absent.
    /// - Throws: `storage_error` when the key cannot be read or written; `invalid_argument` when the file is not an
    ///   Ed25519 key.
    public static func open(
        dataDirectory: String,
        keyPath configured: String? = nil,
        interval: Int = 100
    ) throws(HostError) -> AuditCheckpointer {
        let keyPath = configured ?? (dataDirectory as NSString).appendingPathComponent(keyName + ".key")
        let folder = (keyPath as NSString).deletingLastPathComponent
        let key: SigningKey
        let created = !FileManager.default.fileExists(atPath: keyPath)
        if !created {
            do {
                key = try KeyFiles.signingKey(at: keyPath)
            } catch {
                throw HostError(.invalidArgument, "the audit key \(keyPath) is unusable: \(error.message)")
            }
        } else {
            key = SigningKey.generate()
            let name = ((keyPath as NSString).lastPathComponent as NSString).deletingPathExtension
            do {
                _ = try KeyFiles.write(key, name: name, folder: folder, force: false)
            } catch {
                throw HostError(.storage, "the audit key cannot be created at \(keyPath): \(error.message)")
            }
        }
        return AuditCheckpointer(
            keyPath: keyPath,
            checkpointPath: (folder as NSString).appendingPathComponent(checkpointFileName),
            interval: Int64(max(1, interval)),
            key: key,
            createdKey: created
        )
    }

    /// The newest checkpoint in `path`, nil when there is none.
    /// - Throws: `invalid_argument` when the file is not a checkpoint.
    public static func latest(at path: String) throws(HostError) -> AuditCheckpoint? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try AuditCheckpoint(json: try JSONParser.parse([UInt8](data), file: path).value)
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError(.invalidArgument, "the audit checkpoint \(path) is not JSON")
        }
    }

    /// At start: when the key existed but its checkpoint is gone, unreadable or not signed by it, the loss is
    /// appended to the log (`audit.checkpoint_lost`, which verify reports as `checkpoint_missing` from then on),
    /// so a deleted checkpoint followed by a restart is not a clean new baseline; then the head is checkpointed.
    public func resume(_ database: HostDatabase, clock: any EngineClock) throws(HostError) {
        var lost: String?
        do {
            if let latest = try Self.latest(at: checkpointPath) {
                lost = latest.problem(trusting: publicKey)
            } else if !createdKey {
                lost = "the checkpoint file \(checkpointPath) is missing"
            }
        } catch {
            lost = error.message
        }
        if let lost {
            let now = clock.now()
            try database.write { db in
                try AuditLog.append(
                    AuditEvent(kind: Self.lostKind, subject: publicKey.keyID, data: ["reason": .string(lost)]),
                    at: now,
                    in: db
                )
            }
        }
        try checkpointNow(database, clock: clock)
    }

    /// The audit event kind that records a checkpoint found lost at start.
    public static let lostKind = "audit.checkpoint_lost"

    /// Signs a checkpoint of the current head when `interval` records or more followed the newest one (or there is
    /// none yet).
    /// - Returns: the new checkpoint, nil when none was due.
    @discardableResult
    public func checkpointIfDue(_ database: HostDatabase, clock: any EngineClock) throws(HostError) -> AuditCheckpoint?
    {
        try checkpoint(database, clock: clock, minimumGap: interval)
    }

    /// Signs a checkpoint of the current head unless the newest one already names it (at shutdown).
    @discardableResult
    public func checkpointNow(_ database: HostDatabase, clock: any EngineClock) throws(HostError) -> AuditCheckpoint? {
        try checkpoint(database, clock: clock, minimumGap: 1)
    }

    private func checkpoint(_ database: HostDatabase, clock: any EngineClock, minimumGap: Int64) throws(HostError)
        -> AuditCheckpoint?
    {
        let head = try database.read { db in try AuditLog.head(in: db) }
        let latest = try? Self.latest(at: checkpointPath)
        if let latest, let head, head.sequence - latest.head.sequence < minimumGap { return nil }
        let anchor = head ?? AuditAnchor(sequence: 0, hash: AuditLog.genesisHash)
        let checkpoint = try AuditCheckpoint.sign(anchor, at: clock.now(), with: key)
        try write(checkpoint)
        return checkpoint
    }

    private func write(_ checkpoint: AuditCheckpoint) throws(HostError) {
        let temporary = checkpointPath + ".partial"
        let bytes = Data((JSONEncoding.canonical(checkpoint.json) + "\n").utf8)
        guard FileManager.default.createFile(atPath: temporary, contents: bytes, attributes: [.posixPermissions: 0o600])
        else { throw HostError(.storage, "the audit checkpoint cannot be written to \(temporary)") }
        if rename(temporary, checkpointPath) != 0 {
            throw HostError(.storage, "the audit checkpoint cannot be moved to \(checkpointPath)")
        }
    }

    /// Walks the chain of a store opened offline and checks it against a checkpoint file, trusting the public key
    /// in `publicKeyFile` (`<data>/audit-checkpoint.pub`, or one the operator keeps elsewhere). Without a key file
    /// the chain alone is checked, unless a checkpoint exists (then it cannot be trusted: `checkpoint_invalid`).
    /// - Throws: `invalid_argument` for a key or checkpoint file that cannot be read.
    public static func verify(
        _ store: AuditStore,
        anchor: AuditAnchor? = nil,
        checkpointFile: String,
        publicKeyFile: String?
    ) throws(HostError) -> AuditVerification {
        var key: PublicKey?
        if let publicKeyFile, FileManager.default.fileExists(atPath: publicKeyFile) {
            do {
                key = try KeyFiles.publicKey(at: publicKeyFile)
            } catch {
                throw HostError(.invalidArgument, "the audit public key \(publicKeyFile) is unusable: \(error.message)")
            }
        }
        return try verify(store, anchor: anchor, checkpointFile: checkpointFile, expected: key != nil, trusting: key)
    }

    /// Walks the chain and checks it against the checkpoint file; a file that is not a checkpoint is reported as
    /// `checkpoint_invalid`, not thrown.
    private static func verify(
        _ store: AuditStore,
        anchor: AuditAnchor?,
        checkpointFile: String,
        expected: Bool,
        trusting key: PublicKey?
    ) throws(HostError) -> AuditVerification {
        let checkpoint: AuditCheckpoint?
        var unreadable: String?
        do {
            checkpoint = try latest(at: checkpointFile)
        } catch {
            checkpoint = nil
            unreadable = error.message
        }
        var result = try store.verify(
            anchor: anchor,
            checkpoint: checkpoint,
            expected: expected && unreadable == nil,
            trusting: key
        )
        if let unreadable {
            result.problems.append(AuditProblem(sequence: 0, kind: .checkpointInvalid, message: unreadable))
        }
        return result
    }

    /// Walks the chain and checks it against the newest checkpoint, signed by this key.
    public func verify(_ store: AuditStore, anchor: AuditAnchor? = nil) throws(HostError) -> AuditVerification {
        try Self.verify(store, anchor: anchor, checkpointFile: checkpointPath, expected: true, trusting: publicKey)
    }
}
