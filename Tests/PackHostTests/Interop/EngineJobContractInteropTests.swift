import CAP
import HTTPTypes
import PackHost
import ServerTesting
import StructuredData
import SwiftProtobuf
import Testing

/// The engine's job contract as upstream's engine keeps it, driven through the host's HTTP API with a worker built on
/// the official CAP Python SDK (`Tests/Interop/cap_worker.py`) over real nats-server and redis-server.
@Suite("Interop: the engine's job contract with a Python SDK worker", .serialized, .timeLimit(.minutes(10)))
struct EngineJobContractInteropTests {
    static let topic = "job.interop.echo"

    static func workflow(_ id: String, steps: JSONValue) -> JSONValue {
        ["id": .string(id), "name": .string(id), "version": "1", "steps": steps]
    }

    @Test func aPlainFailedResultIsRetriedUnderTheStepsPolicyAndAWorkerCanRefuseARetry() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            // Two plain FAILED answers (no error code, no result pointer), then success: retried as upstream does.
            let retried = try await rig.start(
                Self.workflow(
                    "retry-plain",
                    steps: [
                        "call": [
                            "topic": .string(Self.topic), "input": ["fail_plain_until": 2],
                            "retry": ["max_retries": 2, "initial_backoff_sec": 1],
                        ]
                    ]
                ),
                input: [:],
                client: api
            )
            var run = try await rig.finishedRun(retried, client: api)
            #expect(run["status"] == "succeeded", "\(run)")
            #expect(run["steps"]?["call"]?["attempts"] == 3)
            #expect(run["steps"]?["call"]?["job_id"]?.stringValue?.hasSuffix("@3") == true)

            // Out of retries, the plain failure fails the step with the host's code for a failure without one.
            let exhausted = try await rig.start(
                Self.workflow(
                    "retry-exhausted",
                    steps: [
                        "call": [
                            "topic": .string(Self.topic), "input": ["fail_plain_until": 5],
                            "retry": ["max_retries": 1, "initial_backoff_sec": 1],
                        ]
                    ]
                ),
                input: [:],
                client: api
            )
            run = try await rig.finishedRun(exhausted, client: api)
            #expect(run["status"] == "failed")
            #expect(run["steps"]?["call"]?["attempts"] == 2)
            #expect(run["steps"]?["call"]?["error"]?["code"] == "worker_failed")

            // An error document saying "retryable": false fails the step at once, whatever its retry policy.
            let refused = try await rig.start(
                Self.workflow(
                    "retry-refused",
                    steps: [
                        "call": [
                            "topic": .string(Self.topic), "input": ["fail_final": "bad_request"],
                            "retry": ["max_retries": 3, "initial_backoff_sec": 1],
                        ]
                    ]
                ),
                input: [:],
                client: api
            )
            run = try await rig.finishedRun(refused, client: api)
            #expect(run["status"] == "failed")
            #expect(run["steps"]?["call"]?["attempts"] == 1)
            #expect(run["steps"]?["call"]?["error"]?["code"] == "bad_request")
        }
    }

    @Test func theJobRequestCarriesWhatUpstreamsEngineSends() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            let config = try await api.call(
                .post,
                "/config",
                key: APITestHost.Key.alice,
                json: ["scope": "org", "scope_id": "tenant-a", "data": ["models": ["default": "small"]]]
            )
            #expect(config.status == 204, "\(config.body)")
            let runID = try await rig.start(
                Self.workflow(
                    "request-fields",
                    steps: [
                        "plain": [
                            "topic": .string(Self.topic), "worker_id": "py-adapter",
                            "meta": [
                                "actor_id": "svc-bot", "actor_type": " Service ", "pack_id": "interop",
                                "capability": "interop.echo", "labels": ["team": "blue"],
                            ],
                        ],
                        "urgent": ["topic": .string(Self.topic), "priority": "interactive", "depends_on": ["plain"]],
                        "fan": [
                            "topic": .string(Self.topic), "for_each": "input.items", "depends_on": ["plain"],
                            "input": ["name": "${item.name}"],
                        ],
                    ]
                ),
                input: ["priority": "Critical", "memory_id": " mem-7 ", "items": [["name": "Ada"]]],
                client: api
            )
            let run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "succeeded", "\(run)")

            let plain = try #require(run["steps"]?["plain"]?["output"]?["request"])
            #expect(plain["priority"] == "JOB_PRIORITY_CRITICAL")
            #expect(plain["memory_id"] == "mem-7")
            #expect(plain["adapter_id"] == "py-adapter")
            #expect(plain["workflow_id"] == "request-fields")
            // The job acts for whoever started the run (alice), never for the step's meta.actor_id; her key
            // declares no actor type, so the step's own meta.actor_type is what the policy and the worker see.
            #expect(plain["principal_id"] == "alice")
            #expect(plain["meta"]?["actor_type"] == "ACTOR_TYPE_SERVICE")
            #expect(plain["meta"]?["labels"] == ["team": "blue"])
            #expect(plain["labels"]?["worker_id"] == "py-adapter")
            let env = try #require(plain["env"])
            #expect(env["workflow_id"] == "request-fields")
            #expect(env["run_id"] == .string(runID))
            #expect(env["step_id"] == "plain")
            #expect(env["tenant_id"] == "tenant-a")
            #expect(env["memory_id"] == "mem-7")
            #expect(env["context_mode"] == "raw")
            #expect(env["dry_run"] == nil)
            #expect(env["foreach_index"] == nil)
            let effective = try JSONParser.parse(try #require(env["CORDUM_EFFECTIVE_CONFIG"]?.stringValue))
            #expect(effective["models"] == ["default": "small"])
            #expect(effective["pools"]?["pools"]?["py"] != nil)

            // A step's own priority wins over the run input's.
            #expect(run["steps"]?["urgent"]?["output"]?["request"]?["priority"] == "JOB_PRIORITY_INTERACTIVE")

            // A for-each child carries its index and item.
            let child = try #require(run["steps"]?["fan[0]"]?["output"]?["request"])
            #expect(child["env"]?["step_id"] == "fan[0]")
            #expect(child["env"]?["foreach_index"] == "0")
            let item = try JSONParser.parse(try #require(child["env"]?["foreach_item"]?.stringValue))
            #expect(item == ["name": "Ada"])
        }
    }

    @Test func aLargeResultKeepsItsPointerInTheRunInsteadOfTheData() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            let runID = try await rig.start(
                Self.workflow(
                    "large-result",
                    steps: [
                        "big": ["topic": .string(Self.topic), "input": ["big_kib": 300], "output_path": "report"],
                        "small": ["topic": .string(Self.topic), "input": ["big_kib": 1], "output_path": "note"],
                        "use": [
                            "topic": .string(Self.topic), "depends_on": ["big"],
                            "input": ["pointer": "${steps.big.result_ptr}"],
                        ],
                    ]
                ),
                input: [:],
                client: api
            )
            let run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "succeeded", "\(run)")
            let bigJob = try #require(run["steps"]?["big"]?["job_id"]?.stringValue)
            let pointer = JSONValue.string("redis://res:\(bigJob)")
            // Above 256 KiB: the step's output and the context hold the pointer, not the 300 KiB.
            #expect(run["steps"]?["big"]?["output"] == pointer)
            #expect(run["context"]?["report"] == pointer)
            #expect(run["steps"]?["use"]?["output"]?["echo"]?["pointer"] == pointer)
            // Below it, the data itself.
            #expect(run["steps"]?["small"]?["output"]?["blob"]?.stringValue?.count == 1024)
            #expect(run["context"]?["note"]?["blob"]?.stringValue?.count == 1024)
            // The data stays readable at the pointer.
            let memory = try await api.call(.get, "/memory?ptr=redis://res:\(bigJob)", key: APITestHost.Key.alice)
            #expect(memory.json["json"]?["blob"]?.stringValue?.count == 300 * 1024)
        }
    }

    @Test func aStepWhoseLastAttemptTimedOutEndsTimedOutAndSoDoesItsRun() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            let runID = try await rig.start(
                Self.workflow(
                    "times-out",
                    steps: [
                        "slow": [
                            "topic": .string(Self.topic), "input": ["timeout": true],
                            "retry": ["max_retries": 1, "initial_backoff_sec": 1],
                        ]
                    ]
                ),
                input: [:],
                client: api
            )
            let run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "timed_out", "\(run)")
            #expect(run["steps"]?["slow"]?["status"] == "timed_out")
            #expect(run["steps"]?["slow"]?["attempts"] == 2)
            let jobID = try #require(run["steps"]?["slow"]?["job_id"]?.stringValue)
            let job = try await api.call(.get, "/jobs/\(jobID)", key: APITestHost.Key.alice)
            #expect(job.json["state"] == "TIMEOUT", "\(job.body)")
            #expect(job.json["host_state"] == "timed_out", "\(job.body)")
        }
    }

    @Test func notifyEventsReachTheRunsTenantAndSysWorkflowEvent() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        let events = try await rig.peer.subscribe(to: "sys.workflow.event")
        try await rig.peer.flush()
        try await rig.test { api in
            let runID = try await rig.start(
                Self.workflow(
                    "notifies",
                    steps: [
                        "tell": [
                            "type": "notify",
                            "input": ["level": "warn", "message": "disk at ${input.percent}%", "code": "disk_full"],
                        ]
                    ]
                ),
                input: ["percent": 91],
                client: api
            )
            let run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "succeeded")

            var iterator = events.makeAsyncIterator()
            let message = try #require(try await iterator.next())
            let packet = try Cordum_Agent_V1_BusPacket(serializedBytes: message.payload)
            #expect(packet.traceID == runID)
            guard case .alert(let alert) = packet.payload else {
                Issue.record("sys.workflow.event carried \(String(describing: packet.payload)), not an alert")
                return
            }
            #expect(alert.level == "WARN")
            #expect(alert.message == "disk at 91%")
            #expect(alert.code == "disk_full")
            #expect(alert.component == "workflow-engine")

            // The audit record belongs to the run's tenant: its key sees it, another tenant's does not.
            let mine = try await api.call(.get, "/audit", key: APITestHost.Key.alice)
            let records = mine.json.arrayValue ?? mine.json["items"]?.arrayValue ?? []
            #expect(records.contains { $0["kind"] == "workflow.notify" && $0["subject"] == .string(runID) })
            let theirs = try await api.call(.get, "/audit", key: APITestHost.Key.bob, tenant: "tenant-b")
            let others = theirs.json.arrayValue ?? theirs.json["items"]?.arrayValue ?? []
            #expect(!others.contains { $0["kind"] == "workflow.notify" })
        }
    }

    @Test func aDryRunSendsTheReadsAsDryRunJobsAndPlansTheApprovalAndTheWrite() async throws {
        let rig = try await APICAPRig(topics: [Self.topic])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            let runID = try await rig.start(
                Self.workflow(
                    "dry",
                    steps: [
                        "look": [
                            "topic": .string(Self.topic), "input": ["name": "${input.name}"],
                            "meta": ["risk_tags": ["read"]],
                        ],
                        "ok": [
                            "type": "approval", "depends_on": ["look"],
                            "input": ["message": "post ${steps.look.output.greeting}"],
                        ],
                        "post": [
                            "topic": .string(Self.topic), "depends_on": ["ok"],
                            "input": ["text": "${steps.look.output.greeting}"], "meta": ["risk_tags": ["write"]],
                        ],
                    ]
                ),
                input: ["name": "Ada"],
                client: api,
                query: "?dry_run=true"
            )
            let run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "succeeded", "\(run)")
            let request = try #require(run["steps"]?["look"]?["output"]?["request"])
            #expect(request["env"]?["dry_run"] == "true")
            #expect(request["labels"]?["dry_run"] == "true")
            #expect(run["steps"]?["ok"]?["output"]?["plan"]?["approval"]?["message"] == "post Hello, Ada!")
            #expect(run["steps"]?["post"]?["output"]?["plan"]?["input"]?["text"] == "Hello, Ada!")
            // The Python worker does not declare dry-run support: the host planned the write without it.
            #expect(run["steps"]?["post"]?["output"]?["plan"]?["request_unavailable"] != nil)
            let post = try #require(run["steps"]?["post"]?["job_id"]?.stringValue)
            #expect(try await api.call(.get, "/jobs/\(post)", key: APITestHost.Key.alice).json["dispatches"] == 0)
        }
    }

    @Test func aJobAHumanRejectedNeverReachesTheWorkerIsDeadLetteredAndFailsItsStepWithoutRetry() async throws {
        let rig = try await APICAPRig(topics: [Self.topic, "job.interop.write"])
        defer { Task { await rig.stop() } }
        try await rig.test { api in
            let hold = """
                version: "1"
                rules:
                  - id: hold-writes
                    match:
                      topics: [job.interop.write]
                    decision: require_approval
                    reason: a person reviews every write
                """
            let policy = try await api.call(
                .post,
                "/config",
                json: [
                    "scope": "system", "scope_id": "policy",
                    "data": ["bundles": ["00-review/hold-writes": ["content": .string(hold), "enabled": true]]],
                ]
            )
            #expect(policy.status == 204, "\(policy.body)")
            let runID = try await rig.start(
                Self.workflow(
                    "rejected",
                    steps: [
                        "write": [
                            "topic": "job.interop.write", "input": ["name": "Ada"],
                            "retry": ["max_retries": 3, "initial_backoff_sec": 1],
                        ]
                    ]
                ),
                input: [:],
                client: api
            )
            await rig.api.services.host.settle()
            var run = try await api.call(.get, "/workflow-runs/\(runID)", key: APITestHost.Key.alice).json
            let jobID = try #require(run["steps"]?["write"]?["job_id"]?.stringValue, "\(run)")
            // Approving a step the workflow does not have is not found.
            let missing = try await api.call(
                .post,
                "/workflows/rejected/runs/\(runID)/steps/nope/approve",
                key: APITestHost.Key.alice,
                json: ["approved": true, "reason": "ok"]
            )
            #expect(missing.status == 404)
            let rejected = try await api.call(
                .post,
                "/approvals/\(jobID)/reject",
                key: APITestHost.Key.alice,
                json: ["reason": "not today"]
            )
            #expect(rejected.status == 200, "\(rejected.body)")
            run = try await rig.finishedRun(runID, client: api)
            #expect(run["status"] == "failed")
            #expect(run["steps"]?["write"]?["attempts"] == 1)
            #expect(run["steps"]?["write"]?["error"]?["code"] == "approval_rejected")
            let letter = try await api.call(.get, "/dlq/\(jobID)", key: APITestHost.Key.alice)
            #expect(letter.json["reason_code"] == "approval_rejected", "\(letter.body)")
            let job = try await api.call(.get, "/jobs/\(jobID)", key: APITestHost.Key.alice)
            #expect(job.json["dispatches"] == 0)
            #expect(job.json["worker_id"] == nil)
        }
    }
}
