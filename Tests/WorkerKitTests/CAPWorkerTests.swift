import CAP
import JSONSchema
import ServerTesting
import StructuredData
import SwiftProtobuf
import Testing
import WorkerKit

@Suite("CAPWorker against nats-server and redis-server", .serialized, .timeLimit(.minutes(3)))
struct CAPWorkerTests {
    @Test func jobRunsAndReportsItsResult() async throws {
        let harness = try await CAPHarness()
        let seen = Box<JobContext?>(nil)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, input in
            seen.update { $0 = context }
            await context.progress.report(percent: 50, message: "halfway")
            return ["echo": input]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-echo"))
        let run = try await harness.start(service)
        try await harness.submit("job-1", input: ["context": ["message": "hi"]], to: "worker.w-echo.jobs") {
            $0.tenantID = "acme"
            $0.principalID = "alice"
            $0.labels = ["dry_run": "true", "run_id": "run-7"]
            $0.meta.capability = "hello.echo"
            $0.meta.riskTags = ["read"]
            $0.meta.idempotencyKey = "idem-1"
            $0.env = ["CORDUM_POLICY_CONSTRAINTS": #"{"budgets":{"maxRetries":2}}"#]
        }
        let packet = try await harness.resultPacket("job-1")
        let result = packet.jobResult
        #expect(result.status == .succeeded)
        #expect(result.resultPtr == "redis://res:job-1")
        #expect(result.workerID == "w-echo")
        #expect(result.errorCode.isEmpty)
        #expect(result.executionMs >= 0)
        #expect(packet.traceID == "trace-job-1")
        #expect(packet.senderID == "w-echo")
        #expect(packet.protocolVersion == 1)
        #expect(packet.hasCreatedAt)
        #expect(try await harness.storedJSON(result.resultPtr) == ["echo": ["message": "hi"]])
        let context = try #require(seen.get())
        #expect(context.tenant == "acme")
        #expect(context.principal == "alice")
        #expect(context.capability == "hello.echo")
        #expect(context.riskTags == ["read"])
        #expect(context.idempotencyKey == "idem-1")
        #expect(context.isDryRun)
        #expect(context.runID == "run-7")
        #expect(context.constraints == ["budgets": ["maxRetries": 2]])
        let progress = harness.recorded(on: "sys.job.progress").map(\.jobProgress)
        #expect(progress.contains { $0.jobID == "job-1" && $0.percent == 50 && $0.message == "halfway" })
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func handlerErrorBecomesAFailedResultWithItsCode() async throws {
        let harness = try await CAPHarness()
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in
            throw WorkerError(code: "vendor_rate_limited", message: "The vendor API said 429.", retryable: true)
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-fail"))
        let run = try await harness.start(service)
        try await harness.submit("job-2", to: "hello.jobs.unused.never")  // not subscribed: ignored
        try await harness.submit("job-3", to: "worker.w-fail.jobs")
        let result = try await harness.resultPacket("job-3").jobResult
        #expect(result.status == .failed)
        #expect(result.errorCode == "vendor_rate_limited")
        #expect(result.errorMessage == "The vendor API said 429.")
        let stored = try #require(try await harness.storedJSON(result.resultPtr))
        #expect(stored["error"]?["code"] == "vendor_rate_limited")
        #expect(stored["error"]?["retryable"] == true)
        #expect(harness.recorded(on: "sys.job.result").allSatisfy { $0.jobResult.jobID != "job-2" })
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func schemaViolationFailsNamingTheField() async throws {
        let harness = try await CAPHarness()
        let ran = Box(false)
        var worker = Worker(packID: "hello")
        let schema = try JSONSchema([
            "type": "object", "required": ["repo"], "properties": ["repo": ["type": "string"]],
        ])
        worker.handle("job.hello.echo", inputSchema: schema) { _, _ in
            ran.update { $0 = true }
            return [:]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-schema"))
        let run = try await harness.start(service)
        try await harness.submit("job-4", input: ["repo": 42], to: "worker.w-schema.jobs")
        let result = try await harness.resultPacket("job-4").jobResult
        #expect(result.status == .failed)
        #expect(result.errorCode == "invalid_input")
        #expect(result.errorMessage.contains("/repo"))
        #expect(!ran.get())
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func maxParallelBoundsConcurrencyOnTopicSubjects() async throws {
        let harness = try await CAPHarness()
        let counters = Box((running: 0, peak: 0))
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in
            counters.update {
                $0.running += 1
                $0.peak = max($0.peak, $0.running)
            }
            try await Task.sleep(for: .milliseconds(150))
            counters.update { $0.running -= 1 }
            return [:]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-par", maxParallel: 2))
        #expect(service.topicSubjects == ["job.hello.echo"])
        let run = try await harness.start(service)
        for i in 0..<6 { try await harness.submit("par-\(i)", to: "job.hello.echo") }
        for i in 0..<6 { #expect(try await harness.resultPacket("par-\(i)").jobResult.status == .succeeded) }
        #expect(counters.get().peak == 2)
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func heartbeatsCarryPoolCapacityAndTopics() async throws {
        let harness = try await CAPHarness()
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in [:] }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-beat", maxParallel: 3))
        let run = try await harness.start(service)
        #expect(try await eventually { harness.heartbeats(from: "w-beat").count >= 3 })
        let beat = try #require(harness.heartbeats(from: "w-beat").first)
        #expect(beat.pool == "hello-pool")
        #expect(beat.maxParallelJobs == 3)
        #expect(beat.activeJobs == 0)
        #expect(beat.capabilities == ["job.hello.echo"])
        #expect(beat.labels[Worker.dryRunHeartbeatLabel.key] == nil)
        let packet = try #require(harness.recorded(on: "sys.heartbeat").first { $0.heartbeat.workerID == "w-beat" })
        #expect(packet.senderID == "w-beat" && packet.protocolVersion == 1)
        await service.shutdown()
        try await run.value
        let count = harness.heartbeats(from: "w-beat").count
        try await Task.sleep(for: .milliseconds(300))
        #expect(harness.heartbeats(from: "w-beat").count == count)
        await harness.stop()
    }

    @Test func aWorkerThatPlansDryRunsSaysSoInItsHeartbeats() async throws {
        let harness = try await CAPHarness()
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.sign") { context, _ in context.isDryRun ? ["plan": "sign"] : ["signed": true] }
        worker.supportsDryRun = true
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-plans"))
        let run = try await harness.start(service)
        let beat = try #require(harness.heartbeats(from: "w-plans").first)
        #expect(beat.labels["cordum.dry_run"] == "plan")
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func cancelStopsARunningJob() async throws {
        let harness = try await CAPHarness()
        let started = Box(false)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in
            started.update { $0 = true }
            try await Task.sleep(for: .seconds(30))
            return [:]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-cancel"))
        let run = try await harness.start(service)
        try await harness.submit("job-5", to: "worker.w-cancel.jobs")
        #expect(try await eventually { started.get() })
        var cancel = Cordum_Agent_V1_JobCancel()
        cancel.jobID = "job-5"
        cancel.reason = "user asked"
        var packet = Cordum_Agent_V1_BusPacket()
        packet.jobCancel = cancel
        try await harness.nats.publish("sys.job.cancel", payload: try packet.serializedBytes())
        let result = try await harness.resultPacket("job-5", timeout: .seconds(5)).jobResult
        #expect(result.status == .cancelled)
        #expect(result.errorCode == "cancelled")
        #expect(result.errorMessage.contains("user asked"))
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test func drainWaitsForRunningJobsAndTakesNoNewOnes() async throws {
        let harness = try await CAPHarness()
        let started = Box(0)
        let finished = Box(0)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, _ in
            started.update { $0 += 1 }
            try await Task.sleep(for: .milliseconds(400))
            finished.update { $0 += 1 }
            return ["done": true]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-drain"))
        let run = try await harness.start(service)
        try await harness.submit("job-6", to: "worker.w-drain.jobs")
        #expect(try await eventually { started.get() == 1 })
        await service.shutdown()
        // Shutdown waited for the running job.
        #expect(finished.get() == 1)
        // Shutdown returns once the result is published; the recorder may see it a moment later.
        let result = try await harness.resultPacket("job-6", timeout: .seconds(5))
        #expect(result.jobResult.status == .succeeded)
        try await run.value
        try await harness.submit("job-7", to: "worker.w-drain.jobs")
        try await Task.sleep(for: .milliseconds(200))
        #expect(started.get() == 1)
        await harness.stop()
    }

    @Test func secretsNeverLeaveTheWorker() async throws {
        let harness = try await CAPHarness()
        let secret = "ghp_TOPSECRET0123456789"
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, input in
            if input["fail"] == true {
                throw WorkerError(code: "vendor_auth", message: "GitHub rejected token \(secret).")
            }
            await context.progress.report(percent: 10, message: "using \(secret)")
            return ["header": .string("Authorization: Bearer \(secret)")]
        }
        let configuration = harness.configuration("w-secret", secrets: SecretRegistry([secret]))
        let service = CAPWorker(worker: worker, configuration: configuration)
        let run = try await harness.start(service)
        try await harness.submit("job-8", to: "worker.w-secret.jobs")
        try await harness.submit("job-9", input: ["fail": true], to: "worker.w-secret.jobs")
        let ok = try await harness.resultPacket("job-8").jobResult
        let failed = try await harness.resultPacket("job-9").jobResult
        #expect(ok.status == .succeeded && failed.status == .failed)
        #expect(!failed.errorMessage.contains(secret) && failed.errorMessage.contains(SecretRegistry.mask))
        for pointer in [ok.resultPtr, failed.resultPtr] {
            let stored = try #require(try await harness.redis.getString(String(pointer.dropFirst(8))))
            #expect(!stored.contains(secret))
        }
        let progress = harness.recorded(on: "sys.job.progress").map(\.jobProgress.message)
        #expect(!progress.isEmpty && progress.allSatisfy { !$0.contains(secret) })
        await service.shutdown()
        try await run.value
        await harness.stop()
    }
}
