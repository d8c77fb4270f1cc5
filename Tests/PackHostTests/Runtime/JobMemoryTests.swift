import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// `ctx:<job>` and `res:<job>` of the host's own jobs are answered from the job, per tenant, for the memory TTL.
@Suite struct JobMemoryTests {
    @Test func aJobsInputAndResultAreReadableThroughItsPointers() async throws {
        let (fixture, worker) = try await GateAndApprovalTests.fixture()
        let memory = MemoryStore(database: fixture.database, clock: fixture.clock, jobTTLMilliseconds: 60_000)
        worker.hold()
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.t.read", input: ["n": 7]),
            tenant: "a",
            principal: "p"
        )
        // Running: its context is there, its result is not yet.
        #expect(try memory.get(tenant: "a", pointer: "redis://ctx:\(job.id)").jsonValue == ["n": 7])
        #expect(throws: HostError.self) { try memory.get(tenant: "a", pointer: "res:\(job.id)") }
        worker.releaseAll()
        await fixture.host.settle()
        let result = try memory.get(tenant: "a", pointer: "res:\(job.id)")
        #expect(result.jsonValue == (try await fixture.host.job(job.id, tenant: "a").result))
        // Another tenant sees nothing; after the TTL nobody does.
        #expect(throws: HostError.self) { try memory.get(tenant: "b", pointer: "ctx:\(job.id)") }
        fixture.clock.advance(milliseconds: 60_001)
        #expect(throws: HostError.self) { try memory.get(tenant: "a", pointer: "res:\(job.id)") }
        // A value written under the key wins over the job's own.
        try memory.put(tenant: "a", kind: .result, id: job.id, value: .json(["written": true]))
        #expect(try memory.get(tenant: "a", pointer: "res:\(job.id)").jsonValue == ["written": true])
    }
}
