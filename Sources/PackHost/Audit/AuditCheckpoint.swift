public import Bundler
import Foundation
public import StructuredData
public import WorkflowEngine

/// A head of the audit log signed by the host's audit key, kept outside the database (`audit-checkpoint.json`
/// beside the key). Verifying against it detects records removed from the end of the log without an anchor kept
/// elsewhere: whoever can edit the database cannot sign a new checkpoint without the key.
public struct AuditCheckpoint: Sendable, Hashable {
    /// The checkpointed record.
    public var head: AuditAnchor
    /// When the checkpoint was signed.
    public var time: Timestamp
    /// The id of the key that signed it (``PublicKey/keyID``).
    public var keyID: String
    /// The Ed25519 signature over ``signedBytes``.
    public var signature: [UInt8]

    /// What is signed: `cordum-audit-checkpoint v1`, the sequence number, the hash and the time, one per line.
    public var signedBytes: [UInt8] {
        Array("cordum-audit-checkpoint v1\n\(head.sequence)\n\(head.hash)\n\(time.milliseconds)\n".utf8)
    }

    /// Signs `head` at `time` with `key`.
    public static func sign(_ head: AuditAnchor, at time: Timestamp, with key: SigningKey) throws(HostError)
        -> AuditCheckpoint
    {
        var checkpoint = AuditCheckpoint(head: head, time: time, keyID: key.keyID, signature: [])
        do {
            checkpoint.signature = try key.sign(checkpoint.signedBytes)
        } catch {
            throw HostError(.internal, "the audit checkpoint could not be signed: \(error.message)")
        }
        return checkpoint
    }

    /// Why the checkpoint cannot be trusted with `key`, or nil when `key` signed it.
    public func problem(trusting key: PublicKey) -> String? {
        guard keyID == key.keyID else {
            return "the checkpoint is signed by key \(keyID), not by the host's audit key \(key.keyID)"
        }
        guard key.isValidSignature(signature, for: signedBytes) else {
            return "the checkpoint's signature does not match its content (key \(keyID))"
        }
        return nil
    }

    /// `{seq, hash, time, key_id, signature}`.
    public var json: JSONValue {
        [
            "seq": .integer(Int(head.sequence)), "hash": .string(head.hash), "time": .string(time.description),
            "time_ms": .integer(Int(time.milliseconds)), "key_id": .string(keyID),
            "signature": .string(Data(signature).base64EncodedString()),
        ]
    }

    /// Reads the file's JSON.
    /// - Throws: `invalid_argument` naming what is missing.
    public init(json: JSONValue) throws(HostError) {
        guard let sequence = json["seq"]?.intValue, let hash = json["hash"]?.stringValue,
            let milliseconds = json["time_ms"]?.intValue, let keyID = json["key_id"]?.stringValue,
            let text = json["signature"]?.stringValue, let signature = Data(base64Encoded: text)
        else {
            throw HostError(
                .invalidArgument,
                "the audit checkpoint needs seq, hash, time_ms, key_id and a base64 signature"
            )
        }
        // Sequence 0 is the empty log's checkpoint (the genesis hash).
        let head =
            sequence == 0
            ? AuditAnchor(sequence: 0, hash: try AuditAnchor(parsing: "1:\(hash)").hash)
            : try AuditAnchor(parsing: "\(sequence):\(hash)")
        self.init(
            head: head,
            time: Timestamp(milliseconds: Int64(milliseconds)),
            keyID: keyID,
            signature: [UInt8](signature)
        )
    }

    /// Creates a checkpoint value.
    public init(head: AuditAnchor, time: Timestamp, keyID: String, signature: [UInt8]) {
        self.head = head
        self.time = time
        self.keyID = keyID
        self.signature = signature
    }
}
