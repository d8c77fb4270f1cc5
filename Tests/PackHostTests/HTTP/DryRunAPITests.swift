import HTTPTypes
import HelloWorker
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// A dry run never waits for a human: it runs the reads, records what each approval would ask (approval steps and
/// jobs the policy would hold) with its digest, and replaces every write by its plan.
@Suite struct DryRunAPITests {
    static let holdGreet = """
        version: "1"
        rules:
          - id: hold-greet
            match:
              topics: [job.hello.greet]
            decision: require_approval
            reason: every greeting is reviewed
        """

    @Test func aDryRunRunsTheReadsPlansTheApprovalAndTheWriteAndWaitsForNobody() async throws {
        let host = try APITestHost()
        let guestbook = Guestbook()
        try await host.registerHelloWorker(guestbook: guestbook)
        try await host.test { api in
            let a = APITestHost.Key.alice
            let (runID, run) = try await startDryRun(api, "hello.greet-and-sign", host: host)
            #expect(run["status"] == "succeeded", "\(run)")
            // The read ran (as a dry-run job) and its output fed the rest.
            let greeting = try #require(run["steps"]?["greet"]?["output"]?["greeting"]?.stringValue)
            // The approval step asked nobody: it records what it would ask.
            let asked = run["steps"]?["approve"]?["output"]?["plan"]?["approval"]?["message"]
            #expect(asked == .string("Sign the guestbook with: \(greeting)"))
            // The write went to the worker, which declares dry-run support: its answer is the plan, and nothing
            // was signed. Its approval is what a real run's job would need after a real approval step.
            let sign = try #require(run["steps"]?["sign"]?["output"], "\(run)")
            #expect(sign["dry_run"] == true, "\(sign)")
            #expect(sign["created"] == false)
            #expect(sign["entry_id"]?.stringValue?.isEmpty == false)
            let signJob = try #require(run["steps"]?["sign"]?["job_id"]?.stringValue)
            let job = try await api.call(.get, "/jobs/\(signJob)", key: a).json
            #expect(job["dispatches"] == 1, "\(job)")
            #expect(await guestbook.all.isEmpty)
            let pending = try await api.call(.get, "/approvals", key: a)
            #expect(items(pending).isEmpty, "\(pending.body)")

            // The digest of the approval it would have asked for is recorded, once.
            let state = try await host.services.host.run(runID, tenant: "tenant-a")
            let definition = try host.services.runStore.loadDefinition(digest: state.definitionDigest)
            let planned = try await plannedApprovals(api, key: a)
            #expect(planned.count == 1)
            #expect(planned.first?["data"]?["kind"] == "step")
            #expect(planned.first?["data"]?["step_id"] == "approve")
            #expect(
                planned.first?["data"]?["digest"]
                    == .string(ActionDigest.step("approve", of: state, workflow: definition))
            )
        }
    }

    @Test func aDryRunsWriteNeverReachesAWorkerThatDoesNotDeclareDryRunSupport() async throws {
        let host = try APITestHost()
        let guestbook = Guestbook()
        try await host.registerHelloWorker(guestbook: guestbook, supportsDryRun: false)
        try await host.test { api in
            let a = APITestHost.Key.alice
            let (_, run) = try await startDryRun(api, "hello.greet-and-sign", host: host)
            #expect(run["status"] == "succeeded", "\(run)")
            // The read still ran on the worker; the write is the host's plan, with the input it would send.
            let greeting = try #require(run["steps"]?["greet"]?["output"]?["greeting"]?.stringValue)
            let plan = try #require(run["steps"]?["sign"]?["output"]?["plan"], "\(run)")
            #expect(plan["topic"] == "job.hello.guestbook.sign")
            #expect(plan["input"]?["message"] == .string(greeting))
            #expect(plan["request_unavailable"]?.stringValue?.contains("declares dry-run support") == true)
            let signJob = try #require(run["steps"]?["sign"]?["job_id"]?.stringValue)
            let job = try await api.call(.get, "/jobs/\(signJob)", key: a).json
            #expect(job["dispatches"] == 0, "\(job)")
            #expect(job["dry_run_write"] == true)
            #expect(await guestbook.all.isEmpty)
        }
    }

    @Test func aDryRunsWriteClaimsNoIdempotencyKeySoTheRealRunStillWrites() async throws {
        let host = try APITestHost()
        let guestbook = Guestbook()
        try await host.registerHelloWorker(guestbook: guestbook)
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await startDryRun(api, "hello.greet-and-sign", host: host)
            // The same input for real: the sign step has the same idempotency key, and must still sign.
            let real = try await api.call(.post, "/workflows/hello.greet-and-sign/runs", key: a, json: ["name": "Ada"])
            let runID = try #require(real.json["run_id"]?.stringValue, "\(real.body)")
            await host.services.host.settle()
            let approval = try #require(try await api.call(.get, "/approvals", key: a).json["items"]?.arrayValue?.first)
            let granted = try await api.call(
                .post,
                "/approvals/\(approval["id"]?.stringValue ?? "")/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "reviewed", "digest": approval["digest"] ?? .null]
            )
            #expect(granted.status == 200, "\(granted.body)")
            await host.services.host.settle()
            let run = try await api.call(.get, "/workflow-runs/\(runID)", key: a).json
            #expect(run["status"] == "succeeded", "\(run)")
            #expect(run["steps"]?["sign"]?["output"]?["created"] == true)
            let signJob = try #require(run["steps"]?["sign"]?["job_id"]?.stringValue)
            let job = try await api.call(.get, "/jobs/\(signJob)", key: a).json
            #expect(job["deduplicated_from"] == nil, "\(job)")
            #expect(await guestbook.all.count == 1)
        }
    }

    @Test func aJobThePolicyWouldHoldIsPlannedWithItsApprovalDigestInsteadOfWaiting() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            let (_, run) = try await startDryRun(api, "hello.greet-and-sign", host: host) {
                try await holdGreetings(api)
            }
            #expect(run["status"] == "succeeded", "\(run)")
            let plan = try #require(run["steps"]?["greet"]?["output"]?["plan"])
            #expect(plan["topic"] == "job.hello.greet")
            #expect(plan["approval"]?["rule_id"] == "hold-greet")
            let digest = try #require(plan["approval"]?["digest"]?.stringValue)
            #expect(digest.count == 64)
            // Nothing waits, nothing was handed to a worker.
            let jobID = try #require(run["steps"]?["greet"]?["job_id"]?.stringValue)
            let job = try await api.call(.get, "/jobs/\(jobID)", key: a).json
            #expect(job["state"] == "SUCCEEDED")
            #expect(job["dispatches"] == 0)
            let pending = try await api.call(.get, "/approvals", key: a)
            #expect(items(pending).isEmpty, "\(pending.body)")
            // Both approvals it would have needed are recorded: the held job (with the digest in its plan) and the step.
            let planned = try await plannedApprovals(api, key: a)
            #expect(Set(planned.compactMap { $0["data"]?["kind"]?.stringValue }) == ["job", "step"])
            #expect(planned.contains { $0["data"]?["kind"] == "job" && $0["data"]?["digest"] == .string(digest) })
        }
    }

    @Test func aQueuedDryRunJobThatANewPolicyWouldHoldIsPlannedAtDispatch() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            // No worker yet: the dry run's read waits in the queue.
            let started = try await startDryRun(api, "hello.greet", host: host)
            let runID = started.0
            var run = started.1
            let jobID = try #require(run["steps"]?["greet"]?["job_id"]?.stringValue)
            #expect(try await api.call(.get, "/jobs/\(jobID)", key: a).json["host_state"] == "queued")
            // The policy now holds greetings: the gate at dispatch plans the job instead of holding it.
            try await holdGreetings(api)
            try await host.services.host.tick()
            await host.services.host.settle()
            run = try await api.call(.get, "/workflow-runs/\(runID)", key: a).json
            #expect(run["status"] == "succeeded", "\(run)")
            #expect(run["steps"]?["greet"]?["output"]?["plan"]?["approval"]?["rule_id"] == "hold-greet")
            #expect(items(try await api.call(.get, "/approvals", key: a)).isEmpty)
        }
    }

    /// Installs the hello pack, runs `prepare`, starts a dry run of `workflow` for alice with the name Ada, lets the
    /// host settle, and returns the run's id and its WorkflowRun JSON.
    func startDryRun(
        _ api: APIClient,
        _ workflow: String,
        host: APITestHost,
        prepare: () async throws -> Void = {}
    ) async throws -> (String, JSONValue) {
        let installed = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
        #expect(installed.status == 200, "\(installed.body)")
        try await prepare()
        let started = try await api.call(
            .post,
            "/workflows/\(workflow)/runs?dry_run=true",
            key: APITestHost.Key.alice,
            json: ["name": "Ada"]
        )
        let runID = try #require(started.json["run_id"]?.stringValue, "\(started.body)")
        await host.services.host.settle()
        return (runID, try await api.call(.get, "/workflow-runs/\(runID)", key: APITestHost.Key.alice).json)
    }

    /// Enables a system policy bundle that holds every greeting for approval (``holdGreet``).
    func holdGreetings(_ api: APIClient) async throws {
        let policy = try await api.call(
            .post,
            "/config",
            json: [
                "scope": "system", "scope_id": "policy",
                "data": ["bundles": ["00-review/hold-greet": ["content": .string(Self.holdGreet), "enabled": true]]],
            ]
        )
        #expect(policy.status == 204, "\(policy.body)")
    }

    /// The tenant's `approval.planned` audit records.
    func plannedApprovals(_ api: APIClient, key: String) async throws -> [JSONValue] {
        let audit = try await api.call(.get, "/audit", key: key)
        return items(audit).filter { $0["kind"] == "approval.planned" }
    }

    /// A list answer's items (a JSON array, or `{items}`).
    func items(_ answer: APIAnswer) -> [JSONValue] {
        if let array = answer.json.arrayValue { return array }
        return answer.json["items"]?.arrayValue ?? []
    }
}
