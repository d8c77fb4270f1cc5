import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing

/// The hello pack installed and run end to end through the HTTP API.
@Suite struct HostAPIFlowTests {
    @Test func greetAndSignRunsThroughTheAPIWithAnApprovalBoundToItsDigest() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let installed = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            #expect(installed.status == 200, "\(installed.body)")
            #expect(installed.json["applied"]?.boolValue == true)
            #expect(installed.json["record"]?["id"]?.stringValue == "hello")

            let packs = try await api.call(.get, "/packs")
            #expect(packs.json["items"]?.arrayValue?.count == 1)
            #expect(try await api.call(.get, "/packs/hello").status == 200)

            let started = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Ada"]
            )
            #expect(started.status == 200, "\(started.body)")
            let runID = try #require(started.json["run_id"]?.stringValue)
            await host.services.host.settle()

            var run = try await api.call(.get, "/workflow-runs/\(runID)", key: APITestHost.Key.alice)
            #expect(run.json["status"]?.stringValue == "waiting")
            #expect(run.json["org_id"]?.stringValue == "tenant-a")
            #expect(run.json["workflow_id"]?.stringValue == "hello.greet-and-sign")
            #expect(run.json["steps"]?["greet"]?["status"]?.stringValue == "succeeded")

            let approvals = try await api.call(.get, "/approvals", key: APITestHost.Key.alice)
            let approval = try #require(approvals.json["items"]?.arrayValue?.first)
            let approvalID = try #require(approval["id"]?.stringValue)
            let digest = try #require(approval["digest"]?.stringValue)

            // A digest other than the one shown is refused, and leaves the approval pending.
            let stale = try await api.call(
                .post,
                "/approvals/\(approvalID)/approve",
                key: APITestHost.Key.alice,
                json: ["reason": "looks fine", "digest": "0000"]
            )
            #expect(stale.status == 409)
            #expect(stale.errorCode == "conflict")

            // Alice started the run, so another principal with the approve role grants it.
            let granted = try await api.call(
                .post,
                "/approvals/\(approvalID)/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "greeting reviewed", "digest": .string(digest)]
            )
            #expect(granted.status == 200, "\(granted.body)")
            await host.services.host.settle()

            run = try await api.call(.get, "/workflow-runs/\(runID)", key: APITestHost.Key.alice)
            #expect(run.json["status"]?.stringValue == "succeeded")
            #expect(run.json["completed_at"]?.stringValue != nil)
            let signJobID = try #require(run.json["steps"]?["sign"]?["job_id"]?.stringValue)

            let job = try await api.call(.get, "/jobs/\(signJobID)", key: APITestHost.Key.alice)
            #expect(job.json["gate"]?["decision"]?.stringValue == "ALLOW_WITH_CONSTRAINTS", "\(job.body)")
            #expect(job.json["state"]?.stringValue == "SUCCEEDED")
            #expect(job.json["host_state"]?.stringValue == "succeeded")

            let timeline = try await api.call(.get, "/workflow-runs/\(runID)/timeline", key: APITestHost.Key.alice)
            let events = try #require(timeline.json.arrayValue)
            #expect(!events.isEmpty)
            #expect(events.allSatisfy { $0["run_id"]?.stringValue == runID })
            #expect(events.contains { $0["step_id"]?.stringValue == "sign" })
            let limited = try await api.call(
                .get,
                "/workflow-runs/\(runID)/timeline?limit=2",
                key: APITestHost.Key.alice
            )
            #expect(limited.json.arrayValue?.count == 2)

            let listed = try await api.call(.get, "/workflow-runs?status=succeeded", key: APITestHost.Key.alice)
            #expect(listed.json["items"]?.arrayValue?.map { $0["id"]?.stringValue } == [runID])
            #expect(listed.json["next_cursor"] == .null)

            let status = try await api.call(.get, "/status", key: APITestHost.Key.alice)
            #expect(status.json["tenant"]?.stringValue == "tenant-a")
            #expect(status.json["principal"]?.stringValue == "alice")
            #expect(status.json["workers"]?["items"]?.arrayValue?.first?["pool"]?.stringValue == "hello")
            #expect(status.json["workers"]?["count"]?.intValue == 1)
            #expect(status.json["build"]?["version"]?.stringValue == HostAPI.version)
            #expect(status.json["time"]?.stringValue?.hasSuffix("Z") == true)
        }
    }

    @Test func workflowsSchemasAndJobsThroughTheAPI() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let workflow: JSONValue = [
                "id": "mine.greet",
                "steps": ["hi": ["type": "worker", "topic": "job.hello.greet", "input": ["name": "Bo"]]],
            ]
            let saved = try await api.call(.post, "/workflows", key: APITestHost.Key.alice, json: workflow)
            #expect(saved.status == 201, "\(saved.body)")
            #expect(saved.json["version"]?.intValue == 1)
            let invalid = try await api.call(
                .post,
                "/workflows",
                key: APITestHost.Key.alice,
                json: ["id": "broken", "steps": ["x": ["type": "nonsense"]]]
            )
            #expect(invalid.status == 400)
            #expect(invalid.errorCode == "invalid_argument")

            let list = try await api.call(.get, "/workflows", key: APITestHost.Key.alice)
            let ids = list.json.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            #expect(ids.contains("mine.greet") && ids.contains("hello.greet"))
            // Cordum's workflow object: the definition's fields at the top level, each step with its id.
            let mine = try await api.call(.get, "/workflows/mine.greet", key: APITestHost.Key.alice)
            #expect(mine.json["steps"]?["hi"]?["id"]?.stringValue == "hi", "\(mine.body)")
            #expect(mine.json["org_id"]?.stringValue == "tenant-a")
            #expect(mine.json["revision"]?.intValue == 1)

            let run = try await api.call(.post, "/workflows/mine.greet/runs", key: APITestHost.Key.alice)
            #expect(run.status == 200, "\(run.body)")
            await host.services.host.settle()
            let runID = try #require(run.json["run_id"]?.stringValue)
            let state = try await api.call(.get, "/workflow-runs/\(runID)", key: APITestHost.Key.alice)
            #expect(state.json["status"]?.stringValue == "succeeded", "\(state.body)")

            #expect(try await api.call(.delete, "/workflows/mine.greet", key: APITestHost.Key.alice).status == 204)
            #expect(try await api.call(.get, "/workflows/mine.greet", key: APITestHost.Key.alice).status == 404)
            // A pack's workflow is not the tenant's to delete.
            #expect(try await api.call(.delete, "/workflows/hello.greet", key: APITestHost.Key.alice).status == 404)

            let schema = try await api.call(
                .post,
                "/schemas",
                key: APITestHost.Key.alice,
                json: ["id": "mine/Thing", "schema": ["type": "object"]]
            )
            #expect(schema.status == 204, "\(schema.body)")
            let fetched = try await api.call(.get, "/schemas/mine%2FThing", key: APITestHost.Key.alice)
            #expect(fetched.json["schema"]?["type"]?.stringValue == "object")

            let job = try await api.call(
                .post,
                "/jobs",
                key: APITestHost.Key.alice,
                json: ["topic": "job.hello.greet", "input": ["name": "Cy"]]
            )
            #expect(job.status == 200, "\(job.body)")
            await host.services.host.settle()
            let jobID = try #require(job.json["id"]?.stringValue)
            let done = try await api.call(.get, "/jobs/\(jobID)", key: APITestHost.Key.alice)
            #expect(done.json["state"]?.stringValue == "SUCCEEDED")
            #expect(done.json["gate"]?["decision"]?.stringValue == "ALLOW")
            let memory = try await api.call(.get, "/memory?ptr=redis://res:\(jobID)", key: APITestHost.Key.alice)
            #expect(memory.status == 200, "\(memory.body)")

            let evaluated = try await api.call(
                .post,
                "/policy/evaluate",
                key: APITestHost.Key.alice,
                json: ["topic": "job.hello.guestbook.sign"]
            )
            #expect(evaluated.status == 200, "\(evaluated.body)")
            #expect(evaluated.json["decision"]?.stringValue?.hasPrefix("DECISION_TYPE_") == true)
        }
    }
}
