import Crypto

/// The guestbook the hello worker signs: entries by idempotency key, so signing twice with one key signs once.
///
/// It lives in the worker's memory (the hello pack has no vendor); a restarted worker starts with an empty book.
public actor Guestbook {
    /// One signature.
    public struct Entry: Sendable, Hashable {
        /// The entry id, derived from the idempotency key.
        public var id: String
        /// Who signed.
        public var name: String
        /// What they wrote.
        public var message: String
        /// When, as RFC 3339.
        public var signedAt: String
    }

    private var entries: [String: Entry] = [:]

    /// An empty guestbook.
    public init() {}

    /// The entry id a key signs under: `gb-` and 12 hex digits of the key's SHA-256.
    public static func entryID(forKey key: String) -> String {
        let digest = SHA256.hash(data: Array(key.utf8))
        return "gb-"
            + digest.prefix(6).map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }

    /// Signs under `key` unless that key already signed.
    /// - Returns: the entry, and whether this call created it.
    public func sign(key: String, name: String, message: String, at time: String) -> (entry: Entry, created: Bool) {
        if let existing = entries[key] { return (existing, false) }
        let entry = Entry(id: Self.entryID(forKey: key), name: name, message: message, signedAt: time)
        entries[key] = entry
        return (entry, true)
    }

    /// Every entry, oldest key first by id.
    public var all: [Entry] { entries.values.sorted { $0.id < $1.id } }
}
