import APIContracts
import EmulatorKit
import Foundation
import PackTesting
import PagerDutyEmulator
import StructuredData
import Testing
import WorkerKit

@testable import PagerDutyWorker

/// The worker against the emulator: every action, PagerDuty's conventions (Token auth, the versioned Accept, From on
/// writes, offset/limit paging with `more`), the Events API's dedup key from the idempotency key, the error answers
/// mapped to the shared codes, service lists, destructive actions and dry-run plans.
@Suite("PagerDuty worker against the emulator")
struct PagerDutyWorkerEmulatorTests {
    typealias PagerDuty = Emulator<SeededState<PagerDutyWorld>>

    func withWorker(
        _ extra: [String: String] = [:],
        removing: [String] = [],
        sleeps: Sleeps = Sleeps(),
        _ body: (PagerDuty, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try PagerDutyEmulator.definition(),
            environment: extra,
            removing: removing,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                try PagerDutyWorker.make(
                    configuration: try PagerDutyConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    func incident(_ emulator: PagerDuty, _ id: String) -> PagerDutyWorld.Incident? {
        emulator.state.withLock { world in world.incidents.first { $0.id == id } }
    }

    @Test("incidents.list pages by offset and limit while more is true, with Token auth and the versioned Accept")
    func listPaging() async throws {
        try await withWorker { emulator, worker, secrets in
            let listed = await runJob(
                worker,
                topic: "job.pagerduty.incidents.list",
                ["statuses": ["triggered", "acknowledged"], "limit": 1],
                secrets: secrets
            )
            let ids = listed.output?["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(ids == ["PINC0001", "PINC0002"], "\(listed)")
            #expect(listed.output?["pages"] == 2)
            #expect(listed.output?["truncated"] == false)
            let requests = emulator.requestLog.entries
            #expect(requests.map { $0.query.first { $0.name == "offset" }?.value } == ["0", "1"])
            #expect(requests.allSatisfy { $0.headers["accept"] == PagerDutyWorker.accept })
            #expect(requests.allSatisfy { $0.headers["authorization"] == "Token [REDACTED]" })
            #expect(
                requests.first?.query.filter { $0.name == "statuses[]" }.map(\.value) == ["triggered", "acknowledged"]
            )
            let limited = await runJob(
                worker,
                topic: "job.pagerduty.incidents.list",
                [
                    "date_range": "all", "statuses": ["triggered", "acknowledged", "resolved"], "limit": 1,
                    "max_pages": 2,
                ],
                secrets: secrets
            )
            #expect(limited.output?["items"]?.arrayValue?.count == 2)
            #expect(limited.output?["truncated"] == true)
        }
    }

    @Test("reads: incident, timeline, notes, alerts, on-call, schedules, services, policies, users; 404 named")
    func reads() async throws {
        try await withWorker { _, worker, secrets in
            func run(_ action: String, _ input: JSONValue) async -> JSONValue? {
                await runJob(worker, topic: "job.pagerduty.\(action)", input, secrets: secrets).output
            }
            #expect(await run("incidents.get", ["id": "PINC0001"])?["result"]?["incident"]?["incident_number"] == 101)
            #expect(await run("incidents.log-entries", ["id": "PINC0002"])?["items"]?.arrayValue?.count == 2)
            #expect(await run("incidents.notes.list", ["id": "PINC0002"])?["result"]?["notes"]?[0]?["id"] == "PNOT0001")
            #expect(
                await run("incidents.alerts.list", ["id": "PINC0001"])?["items"]?.arrayValue?.compactMap {
                    $0["severity"]?.stringValue
                } == ["critical", "error"]
            )
            let oncalls = await run("oncalls.list", ["escalation_policy_ids": ["PESC0001"]])?["items"]?.arrayValue ?? []
            #expect(oncalls.compactMap { $0["user"]?["summary"]?.stringValue } == ["Bob Stone", "Carol Chen"])
            #expect(await run("schedules.list", ["query": "primary"])?["items"]?[0]?["id"] == "PSCH0001")
            let schedule = await run(
                "schedules.get",
                ["id": "PSCH0001", "since": "2026-12-07T00:00:00Z", "until": "2026-12-08T00:00:00Z"]
            )
            let entries = schedule?["result"]?["schedule"]?["final_schedule"]?["rendered_schedule_entries"]
            #expect(entries?.arrayValue?.compactMap { $0["user"]?["id"]?.stringValue } == ["PUSR0001", "PUSR0002"])
            #expect(schedule?["report"] == nil)
            #expect(await run("services.list", [:])?["items"]?.arrayValue?.count == 2)
            #expect(await run("services.get", ["id": "PSVC0002"])?["result"]?["service"]?["name"] == "payments-worker")
            #expect(await run("escalation-policies.list", [:])?["items"]?[0]?["name"] == "Checkout escalation")
            #expect(await run("users.get", ["id": "PUSR0003"])?["result"]?["user"]?["email"] == "carol@cordum.example")
            let missing = await runJob(worker, topic: "job.pagerduty.incidents.get", ["id": "PNOPE"], secrets: secrets)
            #expect(missing.error?.code == .notFound)
            #expect(missing.error?.message.contains("Incident not found") == true)
        }
    }

    @Test("writes carry From: the profile's, or the job's; none at all is refused before anything is sent")
    func from() async throws {
        try await withWorker { emulator, worker, secrets in
            let acked = await runJob(
                worker,
                topic: "job.pagerduty.incidents.acknowledge",
                ["id": "PINC0001"],
                secrets: secrets
            )
            #expect(acked.output?["result"]?["incident"]?["status"] == "acknowledged", "\(acked)")
            #expect(acked.output?["objects"]?[0]?["id"] == "PINC0001")
            #expect(emulator.requestLog.entries.last?.headers["from"] == PagerDutyDemo.email)
            #expect(incident(emulator, "PINC0001")?.log.last?.summary == "Acknowledged by Alice Ops.")
            let noted = await runJob(
                worker,
                topic: "job.pagerduty.incidents.notes.add",
                ["id": "PINC0001", "content": "Bob here.", "from": "bob@cordum.example"],
                secrets: secrets
            )
            #expect(noted.output?["objects"]?[0]?["kind"] == "note")
            #expect(incident(emulator, "PINC0001")?.notes.last?.user == "PUSR0002")
            let stranger = await runJob(
                worker,
                topic: "job.pagerduty.incidents.resolve",
                ["id": "PINC0001", "from": "mallory@example.com"],
                secrets: secrets
            )
            #expect(stranger.error?.code == .validationFailed)
            #expect(stranger.error?.message.contains("From header must be the email address of a valid user") == true)
        }
        try await withWorker(removing: ["CORDUM_PAGERDUTY_FROM"]) { emulator, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.pagerduty.incidents.acknowledge",
                ["id": "PINC0001"],
                secrets: secrets
            )
            #expect(refused.error?.code == .invalidInput)
            #expect(refused.error?.message.contains("CORDUM_PAGERDUTY_FROM") == true)
            #expect(emulator.requestLog.entries.isEmpty)
        }
    }

    @Test("resolve, reassign (users, policy) and snooze, with PagerDuty's refusals")
    func incidentWrites() async throws {
        try await withWorker { emulator, worker, secrets in
            let early = await runJob(
                worker,
                topic: "job.pagerduty.incidents.snooze",
                ["id": "PINC0001", "duration": 600],
                secrets: secrets
            )
            #expect(early.error?.code == .validationFailed)
            #expect(early.error?.message.contains("Only an acknowledged incident can be snoozed") == true)
            let snoozed = await runJob(
                worker,
                topic: "job.pagerduty.incidents.snooze",
                ["id": "PINC0002", "duration": 600],
                secrets: secrets
            )
            #expect(snoozed.output?["status_code"] == 201, "\(snoozed)")
            let reassigned = await runJob(
                worker,
                topic: "job.pagerduty.incidents.reassign",
                ["id": "PINC0001", "user_ids": ["PUSR0001", "PUSR0003"]],
                secrets: secrets
            )
            #expect(reassigned.output?["result"]?["incident"]?["assignments"]?.arrayValue?.count == 2)
            #expect(incident(emulator, "PINC0001")?.assignees == ["PUSR0001", "PUSR0003"])
            let unknown = await runJob(
                worker,
                topic: "job.pagerduty.incidents.reassign",
                ["id": "PINC0001", "user_ids": ["PUSR9999"]],
                secrets: secrets
            )
            #expect(unknown.error?.code == .validationFailed)
            let both = await runJob(
                worker,
                topic: "job.pagerduty.incidents.reassign",
                ["id": "PINC0001", "user_ids": ["PUSR0001"], "escalation_policy_id": "PESC0001"],
                secrets: secrets
            )
            #expect(both.error?.code == .invalidInput)
            let resolved = await runJob(
                worker,
                topic: "job.pagerduty.incidents.resolve",
                ["id": "PINC0001", "resolution": "Feature flag off."],
                secrets: secrets
            )
            #expect(resolved.output?["result"]?["incident"]?["status"] == "resolved")
            #expect(incident(emulator, "PINC0001")?.resolution == "Feature flag off.")
        }
    }

    @Test("events.trigger: the idempotency key is the dedup_key, the routing key never shows, a repeat dedupes")
    func events() async throws {
        try await withWorker { emulator, worker, secrets in
            let input: JSONValue = [
                "summary": "CPU 97% on checkout-api-7", "source": "checkout-api-7", "severity": "critical",
            ]
            let plan = await runJob(
                worker,
                topic: "job.pagerduty.events.trigger",
                input,
                secrets: secrets,
                idempotencyKey: "alert-42",
                dryRun: true
            )
            #expect(plan.output?["plan"]?["url"] == .string(emulator.baseURL + "/v2/enqueue"))
            #expect(plan.output?["plan"]?["body"]?["routing_key"] == .string(SecretRegistry.mask))
            #expect(plan.output?["plan"]?["body"]?["dedup_key"] == "alert-42")
            #expect(emulator.requestLog.entries.isEmpty)
            for _ in 0..<2 {
                let sent = await runJob(
                    worker,
                    topic: "job.pagerduty.events.trigger",
                    input,
                    secrets: secrets,
                    idempotencyKey: "alert-42"
                )
                #expect(sent.output?["status_code"] == 202, "\(sent)")
                #expect(sent.output?["result"]?["dedup_key"] == "alert-42")
                #expect(sent.output?["objects"]?[0]?["kind"] == "alert")
                #expect(!JSONEncoding.compact(sent.output ?? .null).contains(PagerDutyDemo.routingKey))
            }
            let opened = emulator.state.withLock { world in world.incidents.filter { $0.incidentKey == "alert-42" } }
            #expect(opened.count == 1)
            #expect(opened.first?.log.last?.summary == "Deduplicated event alert-42.")
            let sent = emulator.requestLog.entries.last
            #expect(sent?.headers["authorization"] == nil)
            // What the worker sent and the emulator answered, against PagerDuty's Events API v2 description.
            let checker = try ContractChecker(
                specPath: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
                    "../../../../../shared/vendor-specs/pagerduty/events_v2_openapiv3.json"
                ).standardizedFileURL.path
            )
            let report = try checker.check(log: emulator.requestLog.exchangeLog(redacting: [PagerDutyDemo.routingKey]))
            #expect(report.passed, "\(report)")
        }
        try await withWorker(["CORDUM_PAGERDUTY_ROUTING_KEY": "R0000000000000000000000000000000"]) {
            _,
            worker,
            secrets in
            let refused = await runJob(
                worker,
                topic: "job.pagerduty.events.trigger",
                ["summary": "x", "source": "y", "severity": "info"],
                secrets: secrets
            )
            #expect(refused.error?.code == .validationFailed)
            #expect(refused.error?.message.contains("Invalid routing key") == true)
            #expect(refused.error?.message.contains("R0000000000000000000000000000000") == false)
        }
        try await withWorker(removing: ["CORDUM_PAGERDUTY_ROUTING_KEY"]) { _, worker, secrets in
            let missing = await runJob(
                worker,
                topic: "job.pagerduty.events.trigger",
                ["summary": "x", "source": "y", "severity": "info"],
                secrets: secrets
            )
            #expect(missing.error?.code == .invalidInput)
            #expect(missing.error?.message.contains("routing_key") == true)
        }
    }

    @Test("maintenance windows: created on allowed services only; deletes need an exact allow")
    func maintenanceAndDestructive() async throws {
        try await withWorker(["CORDUM_PAGERDUTY_DENIED_SERVICES": "PSVC0002"]) { emulator, worker, secrets in
            let window: JSONValue = [
                "service_ids": ["PSVC0001"], "start_time": "2026-12-09T01:00:00Z", "end_time": "2026-12-09T02:00:00Z",
            ]
            let created = await runJob(
                worker,
                topic: "job.pagerduty.maintenance-windows.create",
                window,
                secrets: secrets
            )
            #expect(created.output?["status_code"] == 201, "\(created)")
            #expect(created.output?["objects"]?[0]?["kind"] == "maintenance_window")
            let denied: JSONValue = [
                "service_ids": ["PSVC0001", "PSVC0002"], "start_time": "2026-12-09T01:00:00Z",
                "end_time": "2026-12-09T02:00:00Z",
            ]
            let refused = await runJob(
                worker,
                topic: "job.pagerduty.maintenance-windows.create",
                denied,
                secrets: secrets
            )
            #expect(refused.error?.code == .resourceNotAllowed)
            let backwards: JSONValue = [
                "service_ids": ["PSVC0001"], "start_time": "2026-12-09T01:00:00Z", "end_time": "2026-12-08T02:00:00Z",
            ]
            let invalid = await runJob(
                worker,
                topic: "job.pagerduty.maintenance-windows.create",
                backwards,
                secrets: secrets
            )
            #expect(invalid.error?.code == .validationFailed)
            #expect(invalid.error?.message.contains("end_time must be after start_time") == true)
            let delete = await runJob(
                worker,
                topic: "job.pagerduty.services.delete",
                ["id": "PSVC0001"],
                secrets: secrets
            )
            #expect(delete.error?.code == .actionNotAllowed)
            #expect(emulator.state.withLock { $0.services.count } == 2)
        }
        try await withWorker(["CORDUM_PAGERDUTY_ALLOW_ACTIONS": "*,maintenance-windows.delete"]) {
            emulator,
            worker,
            secrets in
            let deleted = await runJob(
                worker,
                topic: "job.pagerduty.maintenance-windows.delete",
                ["id": "PMWN0001"],
                secrets: secrets
            )
            #expect(deleted.output?["result"]?["deleted"] == true, "\(deleted)")
            #expect(deleted.output?["status_code"] == 204)
            #expect(emulator.state.withLock { $0.windows.isEmpty })
        }
    }

    @Test("401 on a bad key, 429 waits out Retry-After then succeeds")
    func faults() async throws {
        try await withWorker(["CORDUM_PAGERDUTY_TOKEN": "wrong-key"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.pagerduty.incidents.get",
                ["id": "PINC0001"],
                secrets: secrets
            )
            #expect(refused.error?.code == .unauthorized)
            #expect(refused.error?.message.contains("wrong-key") == false)
        }
        let sleeps = Sleeps()
        try await withWorker(sleeps: sleeps) { emulator, worker, secrets in
            _ = emulator.faults.add(try FaultRule(json: ["status": 429, "retry_after": 7, "count": 1]))
            let got = await runJob(worker, topic: "job.pagerduty.incidents.get", ["id": "PINC0001"], secrets: secrets)
            #expect(got.output?["result"]?["incident"]?["id"] == "PINC0001", "\(got)")
            #expect(sleeps.all == [.seconds(7)])
        }
    }

    @Test("configuration: regions give the REST and Events addresses; a bad region names the variable")
    func configuration() throws {
        let eu = try PagerDutyConfiguration(environment: [
            "CORDUM_PAGERDUTY_TOKEN": "k", "CORDUM_PAGERDUTY_REGION": "eu",
        ])
        #expect(eu.settings.profiles["default"]?.baseURL == "https://api.eu.pagerduty.com")
        #expect(eu.eventsSettings.profiles["default"]?.baseURL == "https://events.eu.pagerduty.com")
        #expect(eu.settings.profiles["default"]?.credentials["api_key"] == "k")
        #expect(eu.eventsSettings.profiles["default"]?.credentials.isEmpty == true)
        let us = try PagerDutyConfiguration(environment: ["CORDUM_PAGERDUTY_TOKEN": "k"])
        #expect(us.settings.profiles["default"]?.baseURL == "https://api.pagerduty.com")
        #expect(us.eventsSettings.profiles["default"]?.baseURL == "https://events.pagerduty.com")
        #expect(throws: ConfigurationError.self) {
            try PagerDutyConfiguration(environment: ["CORDUM_PAGERDUTY_TOKEN": "k", "CORDUM_PAGERDUTY_REGION": "apac"])
        }
        do {
            _ = try PagerDutyConfiguration(environment: [
                "CORDUM_PAGERDUTY_TOKEN": "k", "CORDUM_PAGERDUTY_REGION": "apac",
            ])
        } catch {
            #expect(error.variable == "CORDUM_PAGERDUTY_REGION")
            #expect(error.message.contains("valid regions are us and eu"))
        }
    }
}
