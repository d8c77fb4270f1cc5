import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing

/// A `notify` step that names a topic becomes a governed job on it, and its event reaches subscribers.
@Suite struct NotifyStepTests {
    @Test func aNotifyStepWithATopicIsSubmittedAsAGovernedJobOnce() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let workflow: JSONValue = [
                "id": "ops.tell",
                "steps": [
                    "tell": [
                        "type": "notify", "topic": "job.hello.greet",
                        "input": ["name": "${input.name}", "message": "greeting ${input.name}"],
                    ]
                ],
            ]
            let saved = try await api.call(.post, "/workflows", key: APITestHost.Key.alice, json: workflow)
            #expect(saved.status == 201, "\(saved.body)")
            let feed = try await host.services.events.subscribe(
                try EventFilter(tenantID: "tenant-a", types: ["workflow.notify", "job.*"]),
                after: 0
            )
            let started = try await api.call(
                .post,
                "/workflows/ops.tell/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Nia"]
            )
            #expect(started.status == 200, "\(started.body)")
            let runID = try #require(started.json["run_id"]?.stringValue)
            await host.services.host.settle()

            let jobs = try await host.services.host.jobs(tenant: "tenant-a")
            let notified = jobs.filter { $0.topic == "job.hello.greet" }
            #expect(notified.count == 1)
            #expect(notified.first?.principal == "alice")
            #expect(notified.first?.idempotencyKey == "notify:\(runID):tell")
            #expect(notified.first?.input["name"]?.stringValue == "Nia")
            #expect(notified.first?.state == .succeeded)
            #expect(notified.first?.decision != nil)

            let first = try #require(try await feed.next())
            #expect(first.type == "workflow.notify")
            #expect(first.workflowID == "ops.tell")
            #expect(first.data["topic"]?.stringValue == "job.hello.greet")
        }
    }
}
