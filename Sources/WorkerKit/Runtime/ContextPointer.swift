/// A pointer to a value in Redis: `redis://<key>` (Cordum writes `redis://ctx:<job_id>`; the CAP docs'
/// `redis://ctx/<job_id>` is read the same way — the key is everything after the scheme).
struct ContextPointer: Hashable {
    static let scheme = "redis://"
    let key: String

    init?(_ text: String) {
        guard text.hasPrefix(Self.scheme), text.count > Self.scheme.count else { return nil }
        key = String(text.dropFirst(Self.scheme.count))
    }

    init(key: String) { self.key = key }

    static func result(jobID: String) -> ContextPointer { ContextPointer(key: "res:\(jobID)") }

    var description: String { Self.scheme + key }
}
