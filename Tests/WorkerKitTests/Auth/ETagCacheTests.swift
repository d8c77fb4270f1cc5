import NIOHTTP1
import Testing
import WorkerKit

@Suite("ETag cache")
struct ETagCacheTests {
    static let alice = CredentialIdentity(kind: "bearer", parts: ["alice-token"])
    static let bob = CredentialIdentity(kind: "bearer", parts: ["bob-token"])

    static func key(_ path: String, _ identity: CredentialIdentity = alice) -> ETagCache.Key {
        ETagCache.Key(identity: identity, method: .GET, url: "https://api.example/\(path)")
    }

    static func entry(_ tag: String, bytes: Int = 1) -> ETagCache.Entry {
        ETagCache.Entry(
            etag: "W/\"\(tag)\"",
            headers: ["Content-Type": "application/json"],
            body: Array(repeating: 7, count: bytes)
        )
    }

    @Test func keepsTheMostRecentlyUsedWithinItsCapacity() {
        let cache = ETagCache(capacity: 3)
        for name in ["a", "b", "c"] { cache.store(Self.entry(name), for: Self.key(name)) }
        #expect(cache.keysByRecency.map(\.url) == ["c", "b", "a"].map { "https://api.example/\($0)" })
        #expect(cache.entry(for: Self.key("a"))?.etag == "W/\"a\"")  // a hit makes "a" the most recent
        cache.store(Self.entry("d"), for: Self.key("d"))  // evicts b, the least recently used
        #expect(cache.entry(for: Self.key("b")) == nil)
        #expect(cache.keysByRecency.map(\.url) == ["d", "a", "c"].map { "https://api.example/\($0)" })
        // Replacing an entry keeps one copy and makes it the most recent.
        cache.store(Self.entry("c2"), for: Self.key("c"))
        #expect(cache.count == 3 && cache.entry(for: Self.key("c"))?.etag == "W/\"c2\"")
        #expect(cache.keysByRecency.first?.url == "https://api.example/c")
        cache.remove(Self.key("c"))
        #expect(cache.count == 2 && cache.entry(for: Self.key("c")) == nil)
    }

    @Test func storesOnlyWhatItMay() {
        let cache = ETagCache(capacity: 10, maxBodyBytes: 10, maxTotalBytes: 25)
        #expect(!cache.store(Self.entry("big", bytes: 11), for: Self.key("big")))
        #expect(!cache.store(ETagCache.Entry(etag: "", headers: [:], body: [1]), for: Self.key("no-etag")))
        var withCookie = Self.entry("cookie")
        withCookie.headers.add(name: "Set-Cookie", value: "session=secret")
        withCookie.headers.add(name: "Link", value: "<https://api.example/p2>; rel=\"next\"")
        #expect(cache.store(withCookie, for: Self.key("cookie")))
        let stored = cache.entry(for: Self.key("cookie"))
        #expect(stored?.headers["set-cookie"] == [] && stored?.headers["link"].count == 1)
        // The byte budget evicts the least recently used bodies.
        cache.store(Self.entry("x", bytes: 10), for: Self.key("x"))
        cache.store(Self.entry("y", bytes: 10), for: Self.key("y"))
        #expect(cache.totalBytes == 21)
        cache.store(Self.entry("z", bytes: 10), for: Self.key("z"))
        #expect(cache.entry(for: Self.key("cookie")) == nil && cache.entry(for: Self.key("x")) == nil)
        #expect(cache.totalBytes == 20 && cache.count == 2)
        // Capacity 0 turns it off.
        let off = ETagCache(capacity: 0)
        #expect(!off.store(Self.entry("a"), for: Self.key("a")) && off.count == 0)
    }

    @Test func keysSeparateIdentitiesMethodsAndVaryingHeaders() {
        #expect(Self.key("x", Self.alice) != Self.key("x", Self.bob))
        let json = ETagCache.Key(
            identity: Self.alice,
            method: .GET,
            url: "u",
            headers: ["Accept": "application/json", "X-Api-Version": "2022-11-28"],
            varyingHeaders: ["Accept", "X-Api-Version"]
        )
        let otherVersion = ETagCache.Key(
            identity: Self.alice,
            method: .GET,
            url: "u",
            headers: ["accept": "application/json", "x-api-version": "2026-03-10"],
            varyingHeaders: ["Accept", "X-Api-Version"]
        )
        let sameButOtherCase = ETagCache.Key(
            identity: Self.alice,
            method: .GET,
            url: "u",
            headers: ["ACCEPT": "application/json", "x-api-version": "2022-11-28", "User-Agent": "other"],
            varyingHeaders: ["Accept", "X-Api-Version"]
        )
        #expect(json != otherVersion)
        #expect(json == sameButOtherCase)
        #expect(
            json
                != ETagCache.Key(
                    identity: Self.alice,
                    method: .HEAD,
                    url: "u",
                    headers: ["Accept": "application/json", "X-Api-Version": "2022-11-28"],
                    varyingHeaders: ["Accept", "X-Api-Version"]
                )
        )
    }

    /// The LRU map against a plain reference model, over a long deterministic mix of hits, stores, removals and
    /// evictions: every answer and the full recency order agree after each step.
    @Test func leastRecentlyUsedAgreesWithAReferenceModel() {
        var lru = LeastRecentlyUsed<Int, Int>()
        var model: [(key: Int, value: Int)] = []  // most recent first
        var random = SplitMix(seed: 42)
        for step in 0..<5_000 {
            let key = Int(random.next() % 64)
            switch random.next() % 4 {
            case 0:
                lru.set(step, for: key)
                model.removeAll { $0.key == key }
                model.insert((key, step), at: 0)
            case 1:
                let got = lru.value(for: key)
                if let index = model.firstIndex(where: { $0.key == key }) {
                    let element = model.remove(at: index)
                    model.insert(element, at: 0)
                    #expect(got == element.value)
                } else {
                    #expect(got == nil)
                }
            case 2:
                let removed = lru.removeValue(for: key)
                let index = model.firstIndex { $0.key == key }
                #expect(removed == index.map { model[$0].value })
                if let index { model.remove(at: index) }
            default:
                let evicted = lru.removeLeastRecentlyUsed()
                let expected = model.popLast()
                #expect(evicted?.key == expected?.key && evicted?.value == expected?.value)
            }
            #expect(lru.count == model.count)
            if step % 97 == 0 { #expect(lru.keysByRecency == model.map(\.key)) }
        }
        #expect(lru.keysByRecency == model.map(\.key))
        #expect(lru.peek(model.first?.key ?? -1) == model.first?.value)
    }
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
