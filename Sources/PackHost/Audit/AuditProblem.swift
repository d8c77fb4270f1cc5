/// One break in the audit chain, at the record where it shows.
public struct AuditProblem: Sendable, Hashable {
    /// What kind of break it is.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        /// The kind as written in JSON (`changed`, `missing`, `broken_link`, `truncated`, `anchor_mismatch`,
        /// `checkpoint_invalid`, `checkpoint_missing`).
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The record's stored hash does not match its content: a field was changed after it was written.
        public static let changed = Kind("changed")
        /// Sequence numbers are skipped: records were removed (`seq` is the first missing one).
        public static let missing = Kind("missing")
        /// The record's `prev_hash` is not the hash of the record before it: records were reordered, removed
        /// and renumbered, or replaced.
        public static let brokenLink = Kind("broken_link")
        /// The log ends before the anchor's record: records were removed from its end.
        public static let truncated = Kind("truncated")
        /// The anchor's record is present but carries another hash: history up to it was rewritten.
        public static let anchorMismatch = Kind("anchor_mismatch")
        /// The signed checkpoint cannot be trusted: another key signed it, or its signature does not match.
        public static let checkpointInvalid = Kind("checkpoint_invalid")
        /// The host has an audit key but its checkpoint file is gone.
        public static let checkpointMissing = Kind("checkpoint_missing")
    }

    /// The sequence number where the break shows.
    public var sequence: Int64
    /// The kind of break.
    public var kind: Kind
    /// One sentence describing it.
    public var message: String

    /// Creates a problem.
    public init(sequence: Int64, kind: Kind, message: String) {
        self.sequence = sequence
        self.kind = kind
        self.message = message
    }
}
