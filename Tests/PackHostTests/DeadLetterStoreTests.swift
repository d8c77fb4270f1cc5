import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct DeadLetterStoreTests {
    let clock = ManualClock()
    let deadLetters: DeadLetterStore

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dlq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let database = try HostDatabase(path: folder.appendingPathComponent("host.sqlite").path)
        deadLetters = DeadLetterStore(database: database, clock: clock)
    }

    func code(_ body: () throws -> Void) -> HostError.Code? {
        do {
            try body()
            return nil
        } catch { return (error as? HostError)?.code }
    }

    @discardableResult
    func add(_ jobID: String, tenant: String = "acme", reason: String = "no_workers") throws -> DeadLetter {
        try deadLetters.add(
            tenant: tenant,
            jobID: jobID,
            topic: "job.hello.greet",
            reasonCode: reason,
            message: "no worker serves pool hello",
            job: ["job_id": .string(jobID), "topic": "job.hello.greet"],
            attempts: 1
        )
    }

    @Test func anEntryIsStoredAndReadBackInTheAPIShape() throws {
        let entry = try add("run-1:greet@1", reason: "no_pool_mapping")
        #expect(try deadLetters.get(tenant: "acme", jobID: "run-1:greet@1") == entry)
        #expect(
            entry.json == [
                "job_id": "run-1:greet@1", "tenant_id": "acme", "topic": "job.hello.greet",
                "reason_code": "no_pool_mapping", "message": "no worker serves pool hello",
                "job": ["job_id": "run-1:greet@1", "topic": "job.hello.greet"], "attempts": 1,
                "created_at": "2026-01-18T10:00:00.000Z",
            ]
        )
    }

    @Test func listsPageNewestFirstWithACursor() throws {
        for index in 1...5 {
            try add("job-\(index)")
            if index != 3 { clock.advance(milliseconds: 1000) }
        }
        let first = try deadLetters.list(tenant: "acme", limit: 2)
        #expect(first.items.map(\.jobID) == ["job-5", "job-4"])
        let second = try deadLetters.list(tenant: "acme", limit: 2, cursor: first.nextCursor)
        #expect(second.items.map(\.jobID) == ["job-3", "job-2"], "entries at the same instant page by job id")
        let third = try deadLetters.list(tenant: "acme", limit: 2, cursor: second.nextCursor)
        #expect(third.items.map(\.jobID) == ["job-1"])
        #expect(third.nextCursor == nil)
        #expect(third.json["next_cursor"] == .null)
        #expect(try deadLetters.list(tenant: "acme").items.count == 5)
    }

    @Test func badListArgumentsAreInvalid() throws {
        #expect(code { _ = try deadLetters.list(tenant: "acme", limit: 0) } == .invalidArgument)
        #expect(code { _ = try deadLetters.list(tenant: "acme", limit: 1001) } == .invalidArgument)
        #expect(
            throws: HostError(.invalidArgument, "invalid cursor \"abc\": pass the next_cursor of the previous page")
        ) {
            try deadLetters.list(tenant: "acme", cursor: "abc")
        }
    }

    @Test func tenantsNeverSeeOrDeleteEachOthersEntries() throws {
        try add("job-1", tenant: "acme")
        #expect(try deadLetters.list(tenant: "globex").items.isEmpty)
        #expect(throws: HostError(.notFound, "no dead letter for job \"job-1\"")) {
            try deadLetters.get(tenant: "globex", jobID: "job-1")
        }
        #expect(code { try deadLetters.delete(tenant: "globex", jobID: "job-1") } == .notFound)
        #expect(try deadLetters.get(tenant: "acme", jobID: "job-1").tenantID == "acme")
    }

    @Test func deleteRemovesTheEntryOnce() throws {
        try add("job-1")
        try deadLetters.delete(tenant: "acme", jobID: "job-1")
        #expect(code { _ = try deadLetters.get(tenant: "acme", jobID: "job-1") } == .notFound)
        #expect(code { try deadLetters.delete(tenant: "acme", jobID: "job-1") } == .notFound)
    }

    @Test func aJobDeadLetteredAgainReplacesItsEntry() throws {
        try add("job-1", reason: "no_workers")
        clock.advance(milliseconds: 5000)
        try add("job-1", reason: "max_retries")
        let page = try deadLetters.list(tenant: "acme")
        #expect(page.items.map(\.reasonCode) == ["max_retries"])
        #expect(page.items.first?.createdAt == clock.now())
    }

    @Test func theInTransactionFormValidatesAndRollsBack() throws {
        struct Abort: Error {}
        let entry = DeadLetter(
            jobID: "job-9",
            tenantID: "acme",
            topic: "t",
            reasonCode: "timeout",
            message: "",
            job: [:],
            attempts: 3,
            createdAt: clock.now()
        )
        #expect(throws: HostError.self) {
            try deadLetters.database.write { db in
                try DeadLetterStore.add(entry, in: db)
                throw Abort()
            }
        }
        #expect(try deadLetters.list(tenant: "acme").items.isEmpty)
        var bad = entry
        bad.reasonCode = ""
        #expect(throws: HostError(.invalidArgument, "a dead letter needs a reason_code")) {
            try deadLetters.database.write { db in try DeadLetterStore.add(bad, in: db) }
        }
        bad = entry
        bad.attempts = -1
        #expect(throws: HostError(.invalidArgument, "attempts must be 0 or more, not -1")) {
            try deadLetters.database.write { db in try DeadLetterStore.add(bad, in: db) }
        }
        try deadLetters.database.write { db in try DeadLetterStore.add(entry, in: db) }
        #expect(try deadLetters.get(tenant: "acme", jobID: "job-9") == entry)
    }
}
