/// A head of the audit log recorded elsewhere (`SEQ:HASH`): the record `sequence` must exist and carry
/// `hash`. Verifying against an anchor detects records removed from the end of the log, which the chain
/// alone cannot show.
public struct AuditAnchor: Sendable, Hashable, CustomStringConvertible {
    /// The anchored record's sequence number.
    public var sequence: Int64
    /// Its hash (64 lowercase hex digits).
    public var hash: String

    /// Creates an anchor.
    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
    }

    /// Parses `SEQ:HASH` (as `packctl audit verify` prints the head).
    public init(parsing text: String) throws(HostError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence >= 1 else {
            throw HostError(
                .invalidArgument,
                "invalid audit anchor \"\(text)\": expected SEQ:HASH with SEQ a record number from 1"
            )
        }
        let hash = String(parts[1]).lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw HostError(
                .invalidArgument,
                "invalid audit anchor \"\(text)\": the hash must be 64 hexadecimal digits (SHA-256)"
            )
        }
        self.init(sequence: sequence, hash: hash)
    }

    /// `SEQ:HASH`.
    public var description: String { "\(sequence):\(hash)" }
}
