import EmulatorKit
import Foundation
import PackHost
import PackTesting
import ServiceNowEmulator
import ServiceNowWorker
import StructuredData
import Testing
import WorkflowEngine

/// The reference workflows end to end on the host, with the servicenow worker against the servicenow emulator.
@Suite("ServiceNow workflows on the host", .serialized)
struct ServiceNowWorkflowTests {
    static func pack() throws -> PackUnderTest {
        try PackUnderTest(
            id: "servicenow",
            worker: ServiceNowWorker.registration,
            emulator: ServiceNowEmulator.registration
        )
    }

    static func example(_ workflow: String, _ index: Int = 0) throws -> JSONValue {
        let file = try PackUnderTest.packFolder("servicenow").appendingPathComponent("pack/workflows/\(workflow).yaml")
        let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8))
        return try #require(document["input_schema"]?["examples"]?[index])
    }

    @Test("servicenow.change.request: evidence, one approval, one change request per external change id")
    func changeRequestIsIdempotent() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let input = try Self.example("change-request")
            let first = try await rig.start("servicenow.change.request", input)
            #expect(try await rig.control?.writes().isEmpty == true)
            #expect(try await rig.approveAll(run: first) == 1)
            let run = try await rig.run(first)
            #expect(run.status == .succeeded, "\(run)")
            let rerun = try await rig.rerun(first)
            _ = try await rig.approveAll(run: rerun)
            #expect(try await rig.run(rerun).status == .succeeded)
            let creates = try await rig.control?.writes().filter { $0.path == "/api/now/table/change_request" } ?? []
            #expect(creates.count == 1)
            let body = try #require(creates.first?.jsonBody)
            #expect(body["cmdb_ci"] == "payments-api-staging")
            #expect(body["correlation_id"] == "DEPLOY-7421")
        }
    }

    @Test("servicenow.change.request on a production CI goes on the prod topic, approved job by job")
    func productionChange() async throws {
        try await withPackRig(try Self.pack()) { rig in
            var input = try #require(try Self.example("change-request").objectValue)
            input["ci"] = "payments-api"
            input["env"] = "prod"
            let id = try await rig.start("servicenow.change.request", .object(input))
            #expect(try await rig.approveAll(run: id) == 1)
            #expect(try await rig.run(id).status == .succeeded)
            let jobs = try await rig.jobs(run: id)
            #expect(jobs.contains { $0.topic == "job.servicenow.prod.changes.create" })
            #expect(!jobs.contains { $0.topic == "job.servicenow.changes.create" })
        }
    }

    @Test("servicenow.incident.sync: one incident per alert id; a known alert gets a work note")
    func incidentSync() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let input = try Self.example("incident-sync")
            let first = try await rig.start("servicenow.incident.sync", input)
            _ = try await rig.approveAll(run: first)
            #expect(try await rig.run(first).status == .succeeded)
            // The same alert again: found by its correlation_id, so no second incident.
            let again = try await rig.start("servicenow.incident.sync", input)
            _ = try await rig.approveAll(run: again)
            #expect(try await rig.run(again).status == .succeeded)
            let writes = try await rig.control?.writes() ?? []
            #expect(writes.filter { $0.method == "POST" && $0.path == "/api/now/table/incident" }.count == 1)
            let known = try await rig.start("servicenow.incident.sync", try Self.example("incident-sync", 1))
            _ = try await rig.approveAll(run: known)
            #expect(try await rig.run(known).status == .succeeded)
            let notes =
                try await rig.control?.writes().filter {
                    $0.method == "PATCH" && $0.path == "/api/now/table/incident/\(ServiceNowDemo.incident1)"
                } ?? []
            #expect(notes.count == 1)
            #expect(notes.first?.jsonBody?["work_notes"]?.stringValue?.contains("alert-1001") == true)
        }
    }
}
