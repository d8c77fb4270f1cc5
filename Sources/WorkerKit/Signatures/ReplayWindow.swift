import Synchronization

/// Remembers the signatures accepted within a window, so the same signed request is accepted once: a captured
/// request replayed inside the tolerance is refused as ``SignatureRefusal/Code/replay``.
public final class ReplayWindow: Sendable {
    private let window: Int64
    private let seen = Mutex<[String: Int64]>([:])

    /// A window.
    /// - Parameter seconds: How long a signature is remembered (the verifier's tolerance).
    public init(seconds: Int64 = 300) {
        self.window = seconds
    }

    /// Records `signature` seen at `now` (Unix seconds).
    /// - Throws: ``SignatureRefusal`` `replay` when it was recorded within the window.
    public func record(_ signature: String, now: Int64) throws(SignatureRefusal) {
        let fresh = seen.withLock { seen -> Bool in
            seen = seen.filter { now - $0.value <= window }
            guard seen[signature] == nil else { return false }
            seen[signature] = now
            return true
        }
        guard fresh else { throw SignatureRefusal(.replay, "the request was already received (a replay)") }
    }
}
