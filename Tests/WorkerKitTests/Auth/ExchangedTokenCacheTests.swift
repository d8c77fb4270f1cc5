import Foundation
import Logging
import Synchronization
import Testing
import WorkerKit

/// A wall clock the tests move, and an exchange that counts its calls.
final class TokenTestRig: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    private let calls = Mutex(0)
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 3600) {
        self.lifetime = lifetime
    }

    var now: Date { current.withLock { $0 } }
    var exchanges: Int { calls.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }

    /// An exchange that returns `<prefix>-<n>`, valid for ``lifetime``.
    func exchange(_ prefix: String, delay: Duration = .zero) -> @Sendable () async throws(WorkerError) -> ExchangedToken
    {
        { () async throws(WorkerError) -> ExchangedToken in
            let number = self.calls.withLock {
                $0 += 1
                return $0
            }
            if delay > .zero { try? await Task.sleep(for: delay) }
            return ExchangedToken(value: "\(prefix)-\(number)", expiresAt: self.now.addingTimeInterval(self.lifetime))
        }
    }
}

@Suite("Exchanged tokens: cache and provider")
struct ExchangedTokenCacheTests {
    static let app = CredentialIdentity(kind: "jwt-exchange", parts: ["https://api.example/tokens", "42", "7", "fp1"])

    @Test func keepsATokenUntilShortlyBeforeItExpires() async throws {
        let rig = TokenTestRig()
        let cache = ExchangedTokenCache(refreshMargin: 300)
        let first = try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("t"))
        #expect(first.value == "t-1")
        rig.advance(3600 - 301)
        #expect(try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("t")).value == "t-1")
        rig.advance(2)  // now inside the refresh margin
        #expect(try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("t")).value == "t-2")
        #expect(rig.exchanges == 2)
        #expect(await cache.cached(Self.app)?.value == "t-2")
    }

    @Test func aShortLivedTokenIsRenewedAtHalfItsLifetimeNotOnEveryCall() async throws {
        let rig = TokenTestRig(lifetime: 120)  // shorter than twice the 300 s margin
        let cache = ExchangedTokenCache(refreshMargin: 300)
        #expect(try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("short")).value == "short-1")
        rig.advance(59)
        #expect(try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("short")).value == "short-1")
        rig.advance(2)
        #expect(try await cache.token(for: Self.app, now: rig.now, exchange: rig.exchange("short")).value == "short-2")
        #expect(rig.exchanges == 2)
    }

    @Test func concurrentCallersShareOneExchange() async throws {
        let rig = TokenTestRig()
        let cache = ExchangedTokenCache()
        let now = rig.now
        let exchange = rig.exchange("shared", delay: .milliseconds(100))
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask { try await cache.token(for: Self.app, now: now, exchange: exchange).value }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.count == 20 && Set(values) == ["shared-1"])
        #expect(rig.exchanges == 1)
    }

    @Test func credentialsAreKeptApartByIdentityNotByName() async throws {
        // Two credentials that a worker would carry under one profile name: different App key fingerprints.
        let configured = CredentialIdentity(
            kind: "jwt-exchange",
            parts: ["https://api.example/tokens", "42", "7", "fp1"]
        )
        let inline = CredentialIdentity(kind: "jwt-exchange", parts: ["https://api.example/tokens", "42", "7", "fp2"])
        #expect(configured != inline)
        #expect(configured == Self.app)
        let rig = TokenTestRig()
        let cache = ExchangedTokenCache()
        let one = try await cache.token(for: configured, now: rig.now, exchange: rig.exchange("configured"))
        let two = try await cache.token(for: inline, now: rig.now, exchange: rig.exchange("inline"))
        #expect(one.value == "configured-1" && two.value == "inline-2")
        #expect(await cache.cached(configured)?.value == "configured-1")
        #expect(await cache.cached(inline)?.value == "inline-2")
        // Parts are length-prefixed and kinds separate: no two different credentials share a digest.
        #expect(
            CredentialIdentity(kind: "k", parts: ["ab", "c"]) != CredentialIdentity(kind: "k", parts: ["a", "bc"])
        )
        #expect(CredentialIdentity(kind: "bearer", parts: ["x"]) != CredentialIdentity(kind: "token", parts: ["x"]))
        #expect(!configured.description.contains("fp1") && configured.description.hasPrefix("credential:"))
    }

    @Test func aFailedExchangeIsNotCachedAndEveryWaiterSeesIt() async throws {
        let cache = ExchangedTokenCache()
        let calls = Mutex(0)
        let failing: @Sendable () async throws(WorkerError) -> ExchangedToken = { () async throws(WorkerError) in
            calls.withLock { $0 += 1 }
            try? await Task.sleep(for: .milliseconds(50))
            throw WorkerError(code: "unauthorized", message: "refused")
        }
        let now = Date()
        let codes = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do {
                        _ = try await cache.token(for: Self.app, now: now, exchange: failing)
                        return nil
                    } catch {
                        return (error as? WorkerError)?.code.rawValue
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(codes == Array(repeating: "unauthorized", count: 5))
        #expect(calls.withLock { $0 } == 1)
        #expect(await cache.cached(Self.app) == nil)
        let rig = TokenTestRig()
        #expect(try await cache.token(for: Self.app, now: now, exchange: rig.exchange("ok")).value == "ok-1")
    }

    @Test func aRefusedTokenIsForgottenOnceAndANewerOneStays() async throws {
        let rig = TokenTestRig()
        let cache = ExchangedTokenCache()
        let secrets = SecretRegistry()
        let exchange = rig.exchange("tok")
        let provider = ExchangedTokenProvider(
            identity: Self.app,
            kind: "app",
            cache: cache,
            secrets: secrets,
            now: { rig.now }
        ) { _ throws(WorkerError) in try await exchange() }
        let logger = Logger(label: "test")
        let first = try await provider.authorization(logger: logger)
        #expect(first == "Bearer tok-1")
        #expect(!secrets.scrub("leaked tok-1").contains("tok-1"))
        #expect(try await provider.authorization(logger: logger) == first)
        // The vendor answers 401: the token is forgotten and the next call exchanges a new one.
        #expect(await provider.refused(first))
        let second = try await provider.authorization(logger: logger)
        #expect(second == "Bearer tok-2" && rig.exchanges == 2)
        // A late 401 for the old token does not throw away the new one.
        #expect(await provider.refused(first))
        #expect(try await provider.authorization(logger: logger) == second)
        #expect(rig.exchanges == 2)
        #expect(provider.kind == "app" && provider.identity == Self.app)
    }

    @Test func theCacheIsBoundedExpiredAndSoonestExpiringFirst() async throws {
        let rig = TokenTestRig()
        let cache = ExchangedTokenCache(capacity: 2)
        let ids = (0..<3).map { CredentialIdentity(kind: "client-credentials", parts: ["client-\($0)"]) }
        let now = rig.now
        for (index, id) in ids.enumerated() {
            let expiry = now.addingTimeInterval(Double(1000 * (3 - index)))  // the first lives longest
            _ = try await cache.token(for: id, now: now) { () async throws(WorkerError) in
                ExchangedToken(value: "v\(index)", expiresAt: expiry)
            }
        }
        #expect(await cache.count == 2)
        #expect(await cache.cached(ids[0]) != nil)
        #expect(await cache.cached(ids[2]) != nil)
        #expect(await cache.cached(ids[1]) == nil)
    }
}
