import GitHubWorker
import PackTesting
import Testing

@Suite("ETag cache")
struct ETagCacheTests {
    @Test func keepsTheMostRecentlyUsedEntriesWithinItsCapacity() {
        let cache = ETagCache(capacity: 2, maxBodyBytes: 10)
        cache.store("a", etag: "W/\"1\"", body: [1], link: nil)
        cache.store("b", etag: "W/\"2\"", body: [2], link: "<next>; rel=\"next\"")
        #expect(cache.entry("a")?.body == [1])  // a is now the most recent
        cache.store("c", etag: "W/\"3\"", body: [3], link: nil)
        #expect(cache.entry("b") == nil)
        #expect(cache.entry("a") != nil && cache.entry("c") != nil)
        #expect(cache.count == 2)
        // Too large, or without an ETag: not cached.
        cache.store("d", etag: "W/\"4\"", body: Array(repeating: 0, count: 11), link: nil)
        cache.store("e", etag: "", body: [5], link: nil)
        #expect(cache.entry("d") == nil && cache.entry("e") == nil)
        // Capacity 0 turns caching off.
        let off = ETagCache(capacity: 0)
        off.store("a", etag: "x", body: [1], link: nil)
        #expect(off.count == 0)
    }

    @Test func keysSeparateCredentials() {
        let one = GitHubProfile(name: "p", authentication: .token("ghp_one_token_value", scheme: "Bearer"))
        let two = GitHubProfile(name: "p", authentication: .token("ghp_two_token_value", scheme: "Bearer"))
        #expect(one.cacheIdentity != two.cacheIdentity)
        #expect(!one.cacheIdentity.contains("ghp_one_token_value"))
        #expect(
            ETagCache.key(profile: one.cacheIdentity, url: "u") != ETagCache.key(profile: two.cacheIdentity, url: "u")
        )
    }
}
