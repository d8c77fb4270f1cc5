import Foundation
public import NIOHTTP1
import Synchronization

/// Answers of GET requests that carried an `ETag`, kept in memory so the next identical request can be conditional
/// (`If-None-Match`) and a `304 Not Modified` is answered from here (many vendors do not count a 304 against the rate
/// limit). Keyed by the credential's identity, the method, the URL and the request headers that change the answer
/// (``Key``): an answer cached for one credential is never served to another, whatever profile name carries it.
///
/// Bounded by entries, by each body's size and by the bytes of all bodies; the least recently used answer goes
/// first. Hits, stores and evictions are O(1). Safe to share between concurrent jobs.
public final class ETagCache: Sendable {
    /// What an answer is cached under.
    public struct Key: Hashable, Sendable {
        /// Who the request acted as.
        public var identity: CredentialIdentity
        /// The method (`GET`).
        public var method: String
        /// The absolute URL, query included.
        public var url: String
        /// `name: value` of each request header that changes the answer (lowercased names, in the order given).
        public var variant: [String]

        /// The key of a request.
        /// - Parameters:
        ///   - identity: The credential's identity (``TokenProvider/identity``, or ``CredentialIdentity/anonymous``).
        ///   - method: The method.
        ///   - url: The absolute URL.
        ///   - headers: The request's headers.
        ///   - varyingHeaders: The names of the headers that change the answer (`Accept`, an API-version header).
        public init(
            identity: CredentialIdentity,
            method: HTTPMethod,
            url: String,
            headers: HTTPHeaders = [:],
            varyingHeaders: [String] = ETagCache.defaultVaryingHeaders
        ) {
            self.identity = identity
            self.method = method.rawValue
            self.url = url
            self.variant = varyingHeaders.map { name in
                "\(name.lowercased()): \(headers[canonicalForm: name].joined(separator: ", "))"
            }
        }
    }

    /// A cached answer.
    public struct Entry: Sendable, Equatable {
        /// The `ETag` header as the vendor sent it.
        public var etag: String
        /// The answer's headers (without `Set-Cookie` and connection headers), so pagination links and content
        /// types survive a 304.
        public var headers: HTTPHeaders
        /// The body.
        public var body: [UInt8]
        /// The request headers the answer's `Vary` names (lowercased names, values joined), as they were sent;
        /// a request that sends others does not get this answer (`Authorization` and `Cookie` are left out: the
        /// key's identity already separates credentials).
        public var varied: [String: String]

        /// An entry.
        /// - Parameters:
        ///   - etag: The `ETag`.
        ///   - headers: The answer's headers.
        ///   - body: The body.
        ///   - varied: The varying request headers as sent (``varied(by:request:)``).
        public init(etag: String, headers: HTTPHeaders, body: [UInt8], varied: [String: String] = [:]) {
            self.etag = etag
            self.headers = headers
            self.body = body
            self.varied = varied
        }

        /// Whether a request with `headers` may be answered with this entry: every header the answer varies by has
        /// the same value.
        public func fits(_ headers: HTTPHeaders) -> Bool {
            varied.allSatisfy { name, value in headers[canonicalForm: name].joined(separator: ", ") == value }
        }

        /// The request headers an answer varies by (its `Vary`), as `request` sent them.
        /// - Parameters:
        ///   - response: The answer's headers.
        ///   - request: The request's headers.
        public static func varied(by response: HTTPHeaders, request: HTTPHeaders) -> [String: String] {
            let names = response[canonicalForm: "Vary"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var varied: [String: String] = [:]
            for name in names where !name.isEmpty && name != "authorization" && name != "cookie" && name != "*" {
                varied[name] = request[canonicalForm: name].joined(separator: ", ")
            }
            return varied
        }
    }

    /// `Accept` and `Accept-Language`.
    public static let defaultVaryingHeaders = ["Accept", "Accept-Language"]

    /// The most answers kept; 0 turns caching off.
    public let capacity: Int
    /// Bodies larger than this are not cached.
    public let maxBodyBytes: Int
    /// The most bytes of bodies kept in all.
    public let maxTotalBytes: Int
    private let state = Mutex(State())

    private struct State: ~Copyable {
        var entries = LeastRecentlyUsed<Key, Entry>()
        var bytes = 0
    }

    /// A cache.
    /// - Parameters:
    ///   - capacity: The most answers; 0 turns caching off.
    ///   - maxBodyBytes: Default 1 MiB.
    ///   - maxTotalBytes: Default 64 MiB.
    public init(capacity: Int, maxBodyBytes: Int = 1 << 20, maxTotalBytes: Int = 64 << 20) {
        self.capacity = max(capacity, 0)
        self.maxBodyBytes = max(maxBodyBytes, 0)
        self.maxTotalBytes = max(maxTotalBytes, 0)
    }

    /// The answer cached under `key`, which becomes the most recently used.
    public func entry(for key: Key) -> Entry? {
        state.withLock { $0.entries.value(for: key) }
    }

    /// Caches an answer under `key` as the most recently used, evicting the least recently used past the bounds.
    /// Nothing is stored when caching is off, the ETag is empty or the body is too large.
    /// - Returns: Whether it was stored.
    @discardableResult
    public func store(_ entry: Entry, for key: Key) -> Bool {
        guard capacity > 0, !entry.etag.isEmpty, entry.body.count <= maxBodyBytes, entry.body.count <= maxTotalBytes
        else { return false }
        var entry = entry
        for name in Self.uncachedHeaders { entry.headers.remove(name: name) }
        let capacity = capacity
        let maxTotalBytes = maxTotalBytes
        state.withLock { state in
            if let old = state.entries.set(entry, for: key) { state.bytes -= old.body.count }
            state.bytes += entry.body.count
            while state.entries.count > capacity || state.bytes > maxTotalBytes,
                let evicted = state.entries.removeLeastRecentlyUsed()
            {
                state.bytes -= evicted.value.body.count
            }
        }
        return true
    }

    /// Forgets the answer under `key`.
    public func remove(_ key: Key) {
        state.withLock { state in
            if let old = state.entries.removeValue(for: key) { state.bytes -= old.body.count }
        }
    }

    /// How many answers are cached.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The bytes of all cached bodies.
    public var totalBytes: Int { state.withLock { $0.bytes } }

    /// The keys from the most to the least recently used (O(n); for tests and diagnostics).
    public var keysByRecency: [Key] { state.withLock { $0.entries.keysByRecency } }

    /// Headers never kept with an answer.
    static let uncachedHeaders = ["Set-Cookie", "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length"]
}
