import Synchronization

/// GET answers with an `ETag`, kept in memory so the next identical request can be conditional
/// (`If-None-Match`): GitHub answers 304 without a body, the cached body is reused, and the 304 does not count
/// against the rate limit. Bounded by entries (least recently used goes first) and by body size.
public final class ETagCache: Sendable {
    /// A cached answer.
    public struct Entry: Sendable, Hashable {
        /// The `ETag` header as sent.
        public var etag: String
        /// The body.
        public var body: [UInt8]
        /// The `Link` header, so pagination continues from a cached page.
        public var link: String?
    }

    /// The most entries kept; 0 turns caching off.
    public let capacity: Int
    /// Bodies larger than this are not cached.
    public let maxBodyBytes: Int
    private let state = Mutex<(entries: [String: Entry], order: [String])>(([:], []))

    /// A cache.
    /// - Parameters:
    ///   - capacity: The most entries; 0 turns caching off.
    ///   - maxBodyBytes: Default 1 MiB.
    public init(capacity: Int, maxBodyBytes: Int = 1 << 20) {
        self.capacity = max(capacity, 0)
        self.maxBodyBytes = maxBodyBytes
    }

    /// The entry for `key` (a profile and URL; see ``key(profile:url:)``).
    public func entry(_ key: String) -> Entry? {
        state.withLock { state in
            guard let entry = state.entries[key] else { return nil }
            state.order.removeAll { $0 == key }
            state.order.append(key)
            return entry
        }
    }

    /// Stores an answer.
    public func store(_ key: String, etag: String, body: [UInt8], link: String?) {
        guard capacity > 0, body.count <= maxBodyBytes, !etag.isEmpty else { return }
        state.withLock { state in
            state.order.removeAll { $0 == key }
            state.order.append(key)
            state.entries[key] = Entry(etag: etag, body: body, link: link)
            while state.order.count > capacity {
                state.entries[state.order.removeFirst()] = nil
            }
        }
    }

    /// How many answers are cached.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The cache key of a GET: answers depend on the credentials, so the profile's
    /// ``GitHubProfile/cacheIdentity`` is part of it.
    public static func key(profile identity: String, url: String) -> String { identity + " " + url }
}
