import Foundation
import GRDB
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct LockStoreTests {
    let clock = ManualClock()
    let locks: LockStore

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("locks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try HostDatabase(path: folder.appendingPathComponent("host.sqlite").path)
        locks = LockStore(database: database, clock: clock)
    }

    func code(_ body: () throws -> Void) -> HostError.Code? {
        do {
            try body()
            return nil
        } catch { return (error as? HostError)?.code }
    }

    @Test func aNewLockHasTheRequestedModeOneHoldAndItsTTL() throws {
        let lock = try locks.acquire(
            tenant: "acme",
            resource: " repo/main ",
            owner: " run-1 ",
            mode: .shared,
            ttlMilliseconds: 5000
        )
        #expect(lock.resource == "repo/main")
        #expect(lock.mode == .shared)
        #expect(lock.owners == ["run-1": 1])
        #expect(lock.updatedAt == clock.now())
        #expect(lock.expiresAt == clock.now().adding(milliseconds: 5000))
        #expect(try locks.get(tenant: "acme", resource: "repo/main") == lock)
        #expect(
            lock.json == [
                "resource": "repo/main", "mode": "shared", "owners": ["run-1": 1],
                "updated_at": "2026-01-18T10:00:00.000Z", "expires_at": "2026-01-18T10:00:05.000Z",
            ]
        )
    }

    @Test(arguments: [0, -5])
    func aTTLThatIsNotPositiveMeansThirtySeconds(ttl: Int64) throws {
        let lock = try locks.acquire(tenant: "acme", resource: "r", owner: "o", mode: .exclusive, ttlMilliseconds: ttl)
        #expect(lock.expiresAt == clock.now().adding(seconds: 30))
        clock.advance(milliseconds: 10_000)
        #expect(
            try locks.renew(tenant: "acme", resource: "r", owner: "o", ttlMilliseconds: ttl).expiresAt
                == clock.now().adding(seconds: 30)
        )
    }

    @Test func exclusiveIsReentrantForItsOwnerAndKeepsItsMode() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive, ttlMilliseconds: 1000)
        clock.advance(milliseconds: 500)
        let again = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared, ttlMilliseconds: 1000)
        #expect(again.mode == .exclusive)
        #expect(again.owners == ["a": 2])
        #expect(again.expiresAt == clock.now().adding(milliseconds: 1000), "the TTL is refreshed")
    }

    @Test(arguments: [LockMode.shared, .exclusive])
    func exclusiveRefusesEveryOtherOwner(mode: LockMode) throws {
        let held = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive)
        #expect(throws: HostError(.conflict, "lock unavailable: \"r\" is held exclusively by another owner")) {
            try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: mode)
        }
        #expect(try locks.get(tenant: "acme", resource: "r") == held, "a refused request changes nothing")
    }

    @Test func sharedJoinsSharedAndRefreshesTheTTLForAll() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared, ttlMilliseconds: 1000)
        clock.advance(milliseconds: 800)
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared, ttlMilliseconds: 1000)
        let lock = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared, ttlMilliseconds: 1000)
        #expect(lock.owners == ["a": 1, "b": 2])
        #expect(lock.mode == .shared)
        clock.advance(milliseconds: 900)
        #expect(try locks.get(tenant: "acme", resource: "r").owners["a"] == 1, "a's hold lives on with the shared TTL")
    }

    @Test func theSoleSharedOwnerMayUpgradeToExclusive() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared)
        let upgraded = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive)
        #expect(upgraded.mode == .exclusive)
        #expect(upgraded.owners == ["a": 2])
        #expect(code { _ = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared) } == .conflict)
    }

    @Test func anUpgradeWithOtherSharedOwnersIsRefused() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared)
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared)
        #expect(
            throws: HostError(
                .conflict,
                "lock unavailable: \"r\" is held shared by other owners; only a sole owner can take it exclusively"
            )
        ) { try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive) }
        #expect(
            code { _ = try locks.acquire(tenant: "acme", resource: "r", owner: "c", mode: .exclusive) } == .conflict
        )
        #expect(try locks.get(tenant: "acme", resource: "r").mode == .shared)
    }

    @Test func releaseCountsDownRemovesTheOwnerThenTheLockAndKeepsTheExpiry() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared, ttlMilliseconds: 10_000)
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .shared, ttlMilliseconds: 10_000)
        let expiry = try locks.acquire(
            tenant: "acme",
            resource: "r",
            owner: "b",
            mode: .shared,
            ttlMilliseconds: 10_000
        ).expiresAt
        clock.advance(milliseconds: 1000)
        let once = try #require(try locks.release(tenant: "acme", resource: "r", owner: "a"))
        #expect(once.owners == ["a": 1, "b": 1])
        #expect(once.expiresAt == expiry)
        #expect(once.updatedAt == clock.now())
        #expect(try locks.release(tenant: "acme", resource: "r", owner: "a")?.owners == ["b": 1])
        #expect(try locks.release(tenant: "acme", resource: "r", owner: "b") == nil)
        #expect(throws: HostError(.notFound, "lock not found: no lock on \"r\"")) {
            try locks.get(tenant: "acme", resource: "r")
        }
    }

    @Test func releasingALockYouDoNotHoldIsAConflict() throws {
        #expect(throws: HostError(.conflict, "lock not held: \"a\" does not hold a lock on \"r\"")) {
            try locks.release(tenant: "acme", resource: "r", owner: "a")
        }
        let held = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared)
        #expect(code { _ = try locks.release(tenant: "acme", resource: "r", owner: "a") } == .conflict)
        #expect(try locks.get(tenant: "acme", resource: "r") == held)
    }

    @Test func renewExtendsTheLockOnlyForAnOwner() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive, ttlMilliseconds: 1000)
        clock.advance(milliseconds: 900)
        let renewed = try locks.renew(tenant: "acme", resource: "r", owner: "a", ttlMilliseconds: 5000)
        #expect(renewed.expiresAt == clock.now().adding(milliseconds: 5000))
        #expect(renewed.owners == ["a": 1], "renewing takes no extra hold")
        clock.advance(milliseconds: 4000)
        #expect(try locks.get(tenant: "acme", resource: "r").owners == ["a": 1])
        #expect(throws: HostError(.notFound, "lock not held: \"b\" does not hold a lock on \"r\"")) {
            try locks.renew(tenant: "acme", resource: "r", owner: "b")
        }
        #expect(code { _ = try locks.renew(tenant: "acme", resource: "nothing", owner: "a") } == .notFound)
    }

    @Test func modesParseStrictly() throws {
        #expect(try LockMode(parsing: "shared") == .shared)
        #expect(try LockMode(parsing: "exclusive") == .exclusive)
        #expect(try LockMode(parsing: nil) == .exclusive)
        #expect(try LockMode(parsing: " ") == .exclusive)
        #expect(throws: HostError(.invalidArgument, "unknown lock mode \"write\"; valid modes: shared, exclusive")) {
            try LockMode(parsing: "write")
        }
        // Cordum's SDK sends the modes in upper case.
        #expect(try LockMode(parsing: "SHARED") == .shared)
        #expect(try LockMode(parsing: "Exclusive") == .exclusive)
        #expect(throws: HostError.self) { try LockMode(parsing: "Sharde") }
    }

    @Test func resourceOwnerAndTenantAreRequired() throws {
        #expect(throws: HostError(.invalidArgument, "resource is required")) {
            try locks.acquire(tenant: "acme", resource: "  ", owner: "a", mode: .shared)
        }
        #expect(throws: HostError(.invalidArgument, "owner is required")) {
            try locks.acquire(tenant: "acme", resource: "r", owner: "\n", mode: .shared)
        }
        #expect(throws: HostError(.invalidArgument, "tenant is required")) { try locks.list(tenant: "") }
        #expect(code { _ = try locks.release(tenant: "acme", resource: "", owner: "a") } == .invalidArgument)
        #expect(
            code {
                _ = try locks.acquire(
                    tenant: "acme",
                    resource: String(repeating: "x", count: 2000),
                    owner: "a",
                    mode: .shared
                )
            } == .invalidArgument
        )
    }

    @Test func tenantsNeverSeeOrTouchEachOthersLocks() throws {
        let acme = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive)
        #expect(code { _ = try locks.get(tenant: "globex", resource: "r") } == .notFound)
        #expect(code { _ = try locks.release(tenant: "globex", resource: "r", owner: "a") } == .conflict)
        #expect(code { _ = try locks.renew(tenant: "globex", resource: "r", owner: "a") } == .notFound)
        #expect(try locks.list(tenant: "globex").isEmpty)
        let globex = try locks.acquire(tenant: "globex", resource: "r", owner: "a", mode: .exclusive)
        #expect(globex.owners == ["a": 1], "the same name in another tenant is another lock")
        #expect(try locks.get(tenant: "acme", resource: "r") == acme)
        #expect(try locks.list(tenant: "acme") == [acme])
    }

    @Test func anExpiredLockIsAsIfAbsentAndCleanedUpLazily() throws {
        _ = try locks.acquire(tenant: "acme", resource: "r", owner: "a", mode: .exclusive, ttlMilliseconds: 1000)
        _ = try locks.acquire(tenant: "acme", resource: "s", owner: "a", mode: .exclusive, ttlMilliseconds: 1000)
        _ = try locks.acquire(tenant: "acme", resource: "t", owner: "a", mode: .exclusive, ttlMilliseconds: 5000)
        clock.advance(milliseconds: 999)
        #expect(
            code { _ = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .exclusive) } == .conflict
        )
        clock.advance(milliseconds: 1)
        #expect(code { _ = try locks.get(tenant: "acme", resource: "r") } == .notFound)
        #expect(try locks.list(tenant: "acme").map(\.resource) == ["t"])
        #expect(code { _ = try locks.renew(tenant: "acme", resource: "r", owner: "a") } == .notFound)
        #expect(code { _ = try locks.release(tenant: "acme", resource: "r", owner: "a") } == .conflict)
        let taken = try locks.acquire(tenant: "acme", resource: "r", owner: "b", mode: .shared)
        #expect(taken.owners == ["b": 1], "the expired holder's count is gone")
        #expect(try locks.purgeExpired() == 1, "only s was still stored")
        #expect(try locks.list(tenant: "acme").map(\.resource) == ["r", "t"])
    }

    @Test func theInTransactionFormRollsBackWithItsTransaction() throws {
        struct Abort: Error {}
        let now = clock.now()
        #expect(throws: HostError.self) {
            try locks.database.write { db in
                _ = try LockStore.acquire(
                    tenant: "acme",
                    resource: "r",
                    owner: "run-1:step@1",
                    mode: .exclusive,
                    ttlMilliseconds: 0,
                    holder: .job,
                    now: now,
                    in: db
                )
                throw Abort()
            }
        }
        #expect(try locks.list(tenant: "acme").isEmpty)
        try locks.database.write { db in
            _ = try LockStore.acquire(
                tenant: "acme",
                resource: "r",
                owner: "run-1:step@1",
                mode: .exclusive,
                ttlMilliseconds: 0,
                holder: .job,
                now: now,
                in: db
            )
            try LockStore.release(
                tenant: "acme",
                resource: "r",
                owner: "run-1:step@1",
                holder: .job,
                now: now,
                in: db
            )
        }
        #expect(try locks.list(tenant: "acme").isEmpty)
    }
}
