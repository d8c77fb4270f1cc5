import EmulatorKit
import Foundation
import PackTesting
import ServiceNowEmulator
import StructuredData
import Testing
import WorkerKit

@testable import ServiceNowWorker

/// The worker against the emulator: records by sys_id and by number, encoded queries, offset paging with
/// X-Total-Count, relations, conflicts, writes with numbers resolved, production routing, error bodies and faults.
@Suite("ServiceNow worker against the emulator")
struct ServiceNowWorkerEmulatorTests {
    typealias Running = Emulator<SeededState<ServiceNowWorld>>

    func withWorker(
        _ extra: [String: String] = [:],
        sleeps: Sleeps = Sleeps(),
        _ body: (Running, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try ServiceNowEmulator.definition(),
            environment: extra,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                try ServiceNowWorker.make(
                    configuration: try ServiceNowConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    func record(_ emulator: Running, _ table: String, _ sysID: String) -> ServiceNowWorld.Record? {
        emulator.state.withLock { $0.record(table, sysID) }
    }

    @Test("records by sys_id and by number come back as result; an unknown number is not_found")
    func singleRecords() async throws {
        try await withWorker { _, worker, secrets in
            let byNumber = await runJob(
                worker,
                topic: "job.servicenow.incidents.get",
                ["incident": "INC0010001"],
                secrets: secrets
            )
            #expect(byNumber.output?["result"]?["sys_id"] == .string(ServiceNowDemo.incident1))
            let byID = await runJob(
                worker,
                topic: "job.servicenow.changes.get",
                ["change": .string(ServiceNowDemo.change1), "display_value": "true", "fields": ["number", "cmdb_ci"]],
                secrets: secrets
            )
            #expect(byID.output?["result"] == ["number": "CHG0030001", "cmdb_ci": "payments-api-staging"])
            let missing = await runJob(
                worker,
                topic: "job.servicenow.incidents.get",
                ["incident": "INC0099999"],
                secrets: secrets
            )
            #expect(missing.error?.code == .notFound)
            let gone = await runJob(
                worker,
                topic: "job.servicenow.incidents.get",
                ["incident": "0000000000000000000000000000ffff"],
                secrets: secrets
            )
            #expect(gone.error?.code == .notFound)
            #expect(gone.error?.message.contains("No Record found") == true)
        }
    }

    @Test("cmdb.ci.get by name says whether the profile marks the CI as production")
    func production() async throws {
        try await withWorker { _, worker, secrets in
            let prod = await runJob(
                worker,
                topic: "job.servicenow.cmdb.ci.get",
                ["ci": "payments-api"],
                secrets: secrets
            )
            #expect(prod.output?["production"] == true)
            #expect(prod.output?["result"]?["sys_id"] == .string(ServiceNowDemo.paymentsAPI))
            let staging = await runJob(
                worker,
                topic: "job.servicenow.cmdb.ci.get",
                ["ci": .string(ServiceNowDemo.paymentsStaging)],
                secrets: secrets
            )
            #expect(staging.output?["production"] == false)
            #expect(staging.output?["result"]?["name"] == "payments-api-staging")
        }
    }

    @Test("lists page by sysparm_offset until X-Total-Count; filters become a safe sysparm_query")
    func paging() async throws {
        try await withWorker { emulator, worker, secrets in
            let all = await runJob(
                worker,
                topic: "job.servicenow.cmdb.ci.search",
                ["class": "cmdb_ci", "limit": 2, "fields": ["name"], "order_by": "name"],
                secrets: secrets
            )
            #expect(
                all.output?["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == [
                    "checkout-web", "db-prod-01", "db-staging-01", "payments-api", "payments-api-staging",
                ]
            )
            #expect(all.output?["pages"] == 3)
            let offsets = emulator.requestLog.entries.compactMap { entry in
                entry.query.first { $0.name == "sysparm_offset" }?.value
            }
            #expect(offsets == ["2", "4"])
            let filtered = await runJob(
                worker,
                topic: "job.servicenow.incidents.list",
                [
                    "filters": [
                        ["field": "cmdb_ci.name", "op": "STARTSWITH", "value": "db-"],
                        ["field": "impact", "op": "IN", "value": ["2", "3"]],
                    ]
                ],
                secrets: secrets
            )
            #expect(filtered.output?["items"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["INC0010002"])
            let query = emulator.requestLog.entries.last?.query.first { $0.name == "sysparm_query" }?.value
            #expect(query == "cmdb_ci.nameSTARTSWITHdb-^impactIN2,3")
        }
    }

    @Test("a value holding ^ cannot add a condition: the job is refused naming the filter")
    func injection() async throws {
        try await withWorker { emulator, worker, secrets in
            let sent = emulator.requestLog.entries.count
            for input: JSONValue in [
                ["correlation_id": "x^ORactive=true"],
                ["filters": [["field": "short_description", "op": "LIKE", "value": "a^NQactive=true"]]],
                ["filters": [["field": "active=true^ORnumber", "op": "=", "value": "x"]]],
                ["filters": [["field": "number", "op": "IN", "value": ["INC1,INC2"]]]],
            ] {
                let refused = await runJob(worker, topic: "job.servicenow.incidents.list", input, secrets: secrets)
                #expect(refused.error?.code == .invalidInput, "\(input)")
            }
            #expect(emulator.requestLog.entries.count == sent)
        }
    }

    @Test("relations carry their direction; conflicts are the open changes overlapping the window")
    func evidence() async throws {
        try await withWorker { _, worker, secrets in
            let relations = await runJob(
                worker,
                topic: "job.servicenow.cmdb.relations",
                ["ci": .string(ServiceNowDemo.paymentsAPI)],
                secrets: secrets
            )
            let directions = relations.output?["items"]?.arrayValue?.map {
                "\($0["direction"]?.stringValue ?? "?"):\($0["child"]?["display_value"]?.stringValue ?? "?")"
            }
            #expect(directions?.sorted() == ["downstream:db-prod-01", "upstream:payments-api"])
            let conflicts = await runJob(
                worker,
                topic: "job.servicenow.changes.conflicts",
                ["ci": "payments-api-staging", "start": "2026-12-08 11:00:00", "end": "2026-12-08 12:00:00"],
                secrets: secrets
            )
            #expect(conflicts.output?["items"]?.arrayValue?.compactMap { $0["number"]?.stringValue } == ["CHG0030001"])
            let none = await runJob(
                worker,
                topic: "job.servicenow.changes.conflicts",
                ["ci": "payments-api-staging", "start": "2026-12-08 12:00:00", "end": "2026-12-08 13:00:00"],
                secrets: secrets
            )
            #expect(none.output?["items"] == [])
        }
    }

    @Test("writes by number: resolved to the sys_id, then patched; work notes go to the journal")
    func writesByNumber() async throws {
        try await withWorker { emulator, worker, secrets in
            let noted = await runJob(
                worker,
                topic: "job.servicenow.incidents.work-note",
                ["incident": "INC0010001", "text": "Still firing."],
                secrets: secrets
            )
            #expect(noted.output?["result"]?["number"] == "INC0010001")
            #expect(noted.output?["objects"]?[0]?["id"] == .string(ServiceNowDemo.incident1))
            let journal = emulator.state.withLock { $0.journal }
            #expect(
                journal.last
                    == .init(
                        table: "incident",
                        sysID: ServiceNowDemo.incident1,
                        field: "work_notes",
                        value: "Still firing."
                    )
            )
            let resolved = await runJob(
                worker,
                topic: "job.servicenow.incidents.resolve",
                ["incident": "INC0010001", "close_notes": "Fixed."],
                secrets: secrets
            )
            #expect(resolved.error == nil)
            #expect(record(emulator, "incident", ServiceNowDemo.incident1)?["state"] == "6")
            #expect(record(emulator, "incident", ServiceNowDemo.incident1)?["active"] == "false")
            let plan = await runJob(
                worker,
                topic: "job.servicenow.incidents.update",
                ["incident": "INC0010002", "urgency": 1, "dry_run": true],
                secrets: secrets
            )
            #expect(plan.output?["dry_run"] == true)
            #expect(plan.output?["resolve"]?["incident"] != nil)
            let nothing = await runJob(
                worker,
                topic: "job.servicenow.incidents.update",
                ["incident": "INC0010002", "profile": "default"],
                secrets: secrets
            )
            #expect(nothing.error?.code == .invalidInput)
        }
    }

    @Test("production routing: prod CIs only on prod.changes.*, other CIs only on changes.*")
    func routing() async throws {
        try await withWorker(["CORDUM_SERVICENOW_ALLOW_ACTIONS": "*,prod.changes.create,prod.changes.update"]) {
            emulator,
            worker,
            secrets in
            let plain = await runJob(
                worker,
                topic: "job.servicenow.changes.create",
                ["ci": "payments-api", "short_description": "Scale"],
                secrets: secrets
            )
            #expect(plain.error?.code == .resourceNotAllowed)
            #expect(plain.error?.message.contains("job.servicenow.prod.changes.create") == true)
            let wrong = await runJob(
                worker,
                topic: "job.servicenow.prod.changes.create",
                ["ci": "payments-api-staging", "short_description": "Scale"],
                secrets: secrets
            )
            #expect(wrong.error?.code == .invalidInput)
            let byID = await runJob(
                worker,
                topic: "job.servicenow.changes.create",
                ["ci": .string(ServiceNowDemo.paymentsAPI), "short_description": "Scale"],
                secrets: secrets
            )
            #expect(byID.error?.code == .invalidInput)
            // CHG0030002 is on payments-api: its update reads the change's CI first.
            let update = await runJob(
                worker,
                topic: "job.servicenow.changes.update",
                ["change": "CHG0030002", "risk": 3],
                secrets: secrets
            )
            #expect(update.error?.code == .resourceNotAllowed)
            let prodUpdate = await runJob(
                worker,
                topic: "job.servicenow.prod.changes.update",
                ["change": "CHG0030002", "risk": 3],
                secrets: secrets
            )
            #expect(prodUpdate.error == nil)
            #expect(record(emulator, "change_request", ServiceNowDemo.change2)?["risk"] == "3")
            let standard = await runJob(
                worker,
                topic: "job.servicenow.prod.changes.create",
                [
                    "ci": "payments-api", "type": "standard", "template": "Restart application service",
                    "short_description": "Restart",
                ],
                secrets: secrets
            )
            #expect(standard.output?["result"]?["type"] == "standard")
            #expect(standard.output?["result"]?["number"]?.stringValue?.hasPrefix("CHG") == true)
        }
    }

    @Test("records.delete is enabled by exact name only and checked against the table lists")
    func delete() async throws {
        try await withWorker(["CORDUM_SERVICENOW_ALLOW_ACTIONS": "*"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.servicenow.records.delete",
                ["table": "incident", "sys_id": .string(ServiceNowDemo.incident1)],
                secrets: secrets
            )
            #expect(refused.error?.code == .actionNotAllowed)
        }
        try await withWorker([
            "CORDUM_SERVICENOW_ALLOW_ACTIONS": "records.delete", "CORDUM_SERVICENOW_ALLOWED_TABLES": "incident",
        ]) { emulator, worker, secrets in
            let other = await runJob(
                worker,
                topic: "job.servicenow.records.delete",
                ["table": "change_request", "sys_id": .string(ServiceNowDemo.change1)],
                secrets: secrets
            )
            #expect(other.error?.code == .resourceNotAllowed)
            let deleted = await runJob(
                worker,
                topic: "job.servicenow.records.delete",
                ["table": "incident", "sys_id": .string(ServiceNowDemo.incident1)],
                secrets: secrets
            )
            #expect(deleted.output?["result"]?["deleted"] == true)
            #expect(record(emulator, "incident", ServiceNowDemo.incident1) == nil)
        }
    }

    @Test("failures: a wrong password is unauthorized without the password; 429 waits Retry-After; 500 is unavailable")
    func failures() async throws {
        try await withWorker(["CORDUM_SERVICENOW_PASSWORD": "wrong-password-123"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.servicenow.incidents.get",
                ["incident": "INC0010001"],
                secrets: secrets
            )
            #expect(refused.error?.code == .unauthorized)
            #expect(refused.error?.message.contains("wrong-password-123") == false)
            #expect(refused.error?.message.contains("User Not Authenticated") == true)
        }
        let sleeps = Sleeps()
        try await withWorker(sleeps: sleeps) { emulator, worker, secrets in
            _ = emulator.faults.add(
                try FaultRule(method: "GET", path: "/api/now/table/incident", status: 429, retryAfter: 7, count: 1)
            )
            let waited = await runJob(
                worker,
                topic: "job.servicenow.incidents.list",
                ["limit": 1, "max_pages": 1],
                secrets: secrets
            )
            #expect(waited.error == nil)
            #expect(sleeps.all.contains(.seconds(7)))
            _ = emulator.faults.add(try FaultRule(method: "PATCH", path: "/api/now/table/incident/*", status: 500))
            let failed = await runJob(
                worker,
                topic: "job.servicenow.incidents.work-note",
                ["incident": .string(ServiceNowDemo.incident1), "text": "x"],
                secrets: secrets
            )
            #expect(failed.error?.code == .unavailable)
        }
    }

    @Test("OAuth: the password grant, its refresh token spent after a 401, and client credentials")
    func oauth() async throws {
        let password: [String: String] = [
            "CORDUM_SERVICENOW_AUTH": "oauth_password", "CORDUM_SERVICENOW_CLIENT_ID": ServiceNowDemo.clientID,
            "CORDUM_SERVICENOW_CLIENT_SECRET": ServiceNowDemo.clientSecret,
        ]
        try await withWorker(password) { emulator, worker, secrets in
            let first = await runJob(
                worker,
                topic: "job.servicenow.users.lookup",
                ["user_name": "alice.ops"],
                secrets: secrets
            )
            #expect(first.output?["items"]?[0]?["email"] == "alice@example.com")
            _ = await runJob(worker, topic: "job.servicenow.groups.lookup", ["name": "SRE"], secrets: secrets)
            #expect(emulator.state.withLock { $0.issuedTokens } == 1)
            // The instance forgets its access tokens: the worker renews once, with the refresh token.
            emulator.state.withLock { world in
                world.credentials = CredentialRegistry()
                world.credentials.register(
                    .basic(username: ServiceNowDemo.username, password: ServiceNowDemo.password),
                    CallerGrant(subject: ServiceNowDemo.username)
                )
            }
            let renewed = await runJob(
                worker,
                topic: "job.servicenow.users.lookup",
                ["user_name": "bob.dev"],
                secrets: secrets
            )
            #expect(renewed.error == nil)
            let grants = emulator.requestLog.entries.filter { $0.path == "/oauth_token.do" }.map {
                $0.body.contains("grant_type=refresh_token") ? "refresh" : "password"
            }
            #expect(grants == ["password", "refresh"])
            #expect(renewed.text.contains(ServiceNowDemo.clientSecret) == false)
        }
        let client: [String: String] = [
            "CORDUM_SERVICENOW_AUTH": "oauth_client_credentials",
            "CORDUM_SERVICENOW_CLIENT_ID": ServiceNowDemo.clientID,
            "CORDUM_SERVICENOW_CLIENT_SECRET": ServiceNowDemo.clientSecret, "CORDUM_SERVICENOW_CLIENT_AUTH": "body",
        ]
        try await withWorker(client) { _, worker, secrets in
            let got = await runJob(
                worker,
                topic: "job.servicenow.incidents.get",
                ["incident": "INC0010002"],
                secrets: secrets
            )
            #expect(got.output?["result"]?["number"] == "INC0010002")
        }
    }
}
