import CAP
import Testing
import WorkflowEngine

@testable import PackHost

/// When a worker counts as lost, and what its heartbeat says it serves.
@Suite struct RemoteRosterTests {
    static func heartbeat(_ id: String, pool: String = "hello", capabilities: [String] = [])
        -> Cordum_Agent_V1_Heartbeat
    {
        var heartbeat = Cordum_Agent_V1_Heartbeat()
        heartbeat.workerID = id
        heartbeat.pool = pool
        heartbeat.capabilities = capabilities
        return heartbeat
    }

    @Test func aHeartbeatDeclaresDryRunSupportWithWorkerKitsLabel() {
        let roster = RemoteRoster()
        var planner = Self.heartbeat("planner")
        planner.labels = ["cordum.dry_run": "plan"]
        var other = Self.heartbeat("other")
        other.labels = ["cordum.dry_run": "yes please"]
        _ = roster.record(planner, defaultCapacity: 1, at: Timestamp(seconds: 1))
        _ = roster.record(other, defaultCapacity: 1, at: Timestamp(seconds: 1))
        _ = roster.record(Self.heartbeat("plain"), defaultCapacity: 1, at: Timestamp(seconds: 1))
        #expect(roster.entry("planner")?.supportsDryRun == true)
        #expect(roster.entry("other")?.supportsDryRun == false)
        #expect(roster.entry("plain")?.supportsDryRun == false)
        // A later heartbeat without the label withdraws it.
        _ = roster.record(Self.heartbeat("planner"), defaultCapacity: 1, at: Timestamp(seconds: 2))
        #expect(roster.entry("planner")?.supportsDryRun == false)
    }

    @Test func aWorkerIsLostAfterThreeMissedIntervalsAtMostThirtySeconds() {
        let roster = RemoteRoster()
        let start = Timestamp(seconds: 1000)
        // One heartbeat only: the interval is unknown, so 30 s.
        _ = roster.record(Self.heartbeat("once"), defaultCapacity: 1, at: start)
        // Every 2 s: lost after 6 s of silence.
        for second in stride(from: Int64(0), through: 4, by: 2) {
            _ = roster.record(Self.heartbeat("fast"), defaultCapacity: 1, at: start.adding(seconds: second))
        }
        // Every 20 s: 3 intervals would be 60 s, capped at 30 s.
        _ = roster.record(Self.heartbeat("slow"), defaultCapacity: 1, at: start)
        _ = roster.record(Self.heartbeat("slow"), defaultCapacity: 1, at: start.adding(seconds: 20))
        let lastFast = start.adding(seconds: 4)
        #expect(roster.silent(at: lastFast.adding(seconds: 6), missed: 3, timeout: 30_000).isEmpty)
        #expect(roster.silent(at: lastFast.adding(milliseconds: 6001), missed: 3, timeout: 30_000) == ["fast"])
        #expect(roster.silent(at: start.adding(milliseconds: 30_001), missed: 3, timeout: 30_000) == ["fast", "once"])
        #expect(
            roster.silent(at: start.adding(milliseconds: 50_001), missed: 3, timeout: 30_000) == [
                "fast", "once", "slow",
            ]
        )
    }

    @Test func capacityAndTopicsComeFromTheHeartbeat() {
        let roster = RemoteRoster()
        var heartbeat = Self.heartbeat("w", capabilities: ["job.hello.greet", "gpu", "job.hello.guestbook.sign"])
        heartbeat.maxParallelJobs = 4
        _ = roster.record(heartbeat, defaultCapacity: 1, at: Timestamp(seconds: 1))
        #expect(roster.entry("w")?.capacity == 4)
        #expect(roster.entry("w")?.topics == ["job.hello.greet", "job.hello.guestbook.sign"])
        _ = roster.record(
            Self.heartbeat("w", capabilities: ["job.hello.*"]),
            defaultCapacity: 2,
            at: Timestamp(seconds: 2)
        )
        #expect(roster.entry("w")?.capacity == 2)
        #expect(roster.entry("w")?.topics == [])
        #expect(roster.hasWorkers(inPool: "hello") && !roster.hasWorkers(inPool: "other"))
        #expect(
            CAPBridge.isSubjectToken("hello-1") && !CAPBridge.isSubjectToken("a.b") && !CAPBridge.isSubjectToken("")
        )
    }
}
