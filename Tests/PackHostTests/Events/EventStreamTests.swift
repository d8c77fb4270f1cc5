import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PackHost
import StructuredData
import Testing
import WorkflowEngine

extension APITestHost {
    /// Runs `body` against the API on a real loopback socket (event streams need one).
    func live(_ body: @Sendable (APIClient, Int) async throws -> Void) async throws {
        try await api.makeApplication().test(.live) { client in
            try await body(APIClient(client: client), try #require(client.port))
        }
    }
}

/// `GET /api/v1/events`: typed host events, scoped to the tenant, resumable by `Last-Event-ID`.
@Suite struct EventStreamTests {
    @Test func aSubscriberFollowsTheHelloApprovalAcrossAReconnectWithoutLosingAnEvent() async throws {
        let host = try APITestHost(configuration: .withChatIntegration)
        try await host.registerHelloWorker()
        try await host.live { api, port in
            let installed = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            #expect(installed.status == 200, "\(installed.body)")

            var first = try await SSEConnection.open(
                port: port,
                key: APITestHost.Key.alice,
                tenant: "tenant-a",
                lastEventID: 0
            )
            #expect(first.status == 200)
            let started = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Ada"]
            )
            let runID = try #require(started.json["run_id"]?.stringValue)
            await host.services.host.settle()
            let before = try await first.read { $0.event == "approval.requested" }
            let requested = try #require(before.last)
            let data = requested.json["data"] ?? .null
            let approvalID = try #require(data["approval_id"]?.stringValue)
            let digest = try #require(data["digest"]?.stringValue)
            #expect(digest.count == 64)
            #expect(data["requested_by"]?.stringValue == "alice")
            #expect(data["expires_at"]?.stringValue != nil)
            #expect(data["step_id"]?.stringValue == "approve")
            #expect(data["run_id"]?.stringValue == runID)
            #expect(data["approve_url"]?.stringValue == "/api/v1/approvals/\(approvalID)/approve")
            #expect(data["reject_url"]?.stringValue == "/api/v1/approvals/\(approvalID)/reject")
            #expect(data["inputs"]?["run_input"]?["name"]?.stringValue == "Ada")
            #expect(requested.json["workflow_id"]?.stringValue == "hello.greet-and-sign")
            #expect(before.contains { $0.event == "pack.installed" })
            #expect(before.contains { $0.event == "run.started" })
            #expect(before.contains { $0.event == "step.succeeded" && $0.json["data"]?["step_id"] == "greet" })
            let lastSeen = try #require(requested.id)
            _ = consume first

            // Decided while the subscriber is away, by a person in a chat integration.
            let granted = try await api.callback(
                host,
                [
                    "tenant": "tenant-a", "approval_id": .string(approvalID), "digest": .string(digest),
                    "decision": "approve", "person": "U-CAROL", "reason": "reviewed in chat",
                ]
            )
            #expect(granted.status == 200, "\(granted.body)")
            #expect(granted.json["grants"]?.arrayValue?.first?["principal"]?.stringValue == "carol")
            await host.services.host.settle()

            var resumed = try await SSEConnection.open(
                port: port,
                key: APITestHost.Key.alice,
                tenant: "tenant-a",
                lastEventID: lastSeen
            )
            let after = try await resumed.read { $0.event == "run.succeeded" }
            #expect(after.first.flatMap(\.id).map { $0 > lastSeen } == true)
            #expect(after.contains { $0.event == "approval.granted" })
            #expect(after.contains { $0.event == "job.dispatched" })
            #expect(after.contains { $0.event == "job.succeeded" })
            #expect(after.last?.json["run_id"]?.stringValue == runID)

            // Everything the two connections saw is exactly what one uninterrupted reader sees.
            var whole = try await SSEConnection.open(
                port: port,
                key: APITestHost.Key.alice,
                tenant: "tenant-a",
                lastEventID: 0
            )
            let all = try await whole.read { $0.event == "run.succeeded" }
            let ids = (before + after).compactMap(\.id)
            #expect(ids == all.compactMap(\.id))
            #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        }
    }

    @Test func anotherTenantSeesNoneOfTheEventsAndFiltersNarrowTheStream() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.live { api, port in
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let mine = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Ada"]
            )
            let myRun = try #require(mine.json["run_id"]?.stringValue)
            await host.services.host.settle()
            let theirs = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.bob,
                tenant: "tenant-b",
                json: ["name": "Bo"]
            )
            let theirRun = try #require(theirs.json["run_id"]?.stringValue)
            await host.services.host.settle()

            var bob = try await SSEConnection.open(
                port: port,
                key: APITestHost.Key.bob,
                tenant: "tenant-b",
                lastEventID: 0
            )
            let seen = try await bob.read { $0.event == "approval.requested" }
            #expect(seen.contains { $0.json["run_id"]?.stringValue == theirRun })
            #expect(!seen.contains { $0.json["run_id"]?.stringValue == myRun })
            #expect(seen.allSatisfy { ["tenant-b", ""].contains($0.json["tenant_id"]?.stringValue) })

            // Bob's key may not read tenant-a's stream at all.
            let refused = try await api.call(.get, "/events", key: APITestHost.Key.bob, tenant: "tenant-a")
            #expect(refused.status == 403)

            // Only approval events, only this workflow.
            var filtered = try await SSEConnection.open(
                port: port,
                path: "/api/v1/events?type=approval.*&workflow_id=hello.greet-and-sign",
                key: APITestHost.Key.alice,
                tenant: "tenant-a",
                lastEventID: 0
            )
            let approvals = try await filtered.read { $0.event == "approval.requested" }
            #expect(approvals.count == 1)

            let bad = try await api.call(.get, "/events?type=nonsense", key: APITestHost.Key.alice)
            #expect(bad.status == 400)
            #expect(bad.errorCode == "invalid_argument")
            let badID = try await api.call(
                .get,
                "/events",
                key: APITestHost.Key.alice,
                headers: [HTTPField.Name("Last-Event-ID")!: "yesterday"]
            )
            #expect(badID.status == 400)
        }
    }

    @Test func aSlowConsumerIsCutOffWithAReasonAndTheOthersKeepReceiving() async throws {
        let host = try APITestHost()
        let hub = host.services.events
        let slow = try await hub.subscribe(try EventFilter(tenantID: "tenant-a"), after: nil, capacity: 2)
        let prompt = try await hub.subscribe(try EventFilter(tenantID: "tenant-a"), after: nil, capacity: 100)
        for index in 0..<5 {
            try host.services.database.write { db in
                _ = try AuditLog.append(
                    AuditEvent(kind: "approval.expired", tenantID: "tenant-a", subject: "apr-\(index)"),
                    at: host.clock.now(),
                    in: db
                )
            }
        }
        await hub.flush()
        var received: [Int64] = []
        while let event = try await slow.next() { received.append(event.id) }
        #expect(received.count == 2)
        #expect(slow.closeReason == .slowConsumer)
        var others: [String] = []
        for _ in 0..<5 { others.append(try #require(try await prompt.next()).subject) }
        #expect(others == (0..<5).map { "apr-\($0)" })
        #expect(prompt.closeReason == nil)
        // The cut-off consumer resumes from its last id and loses nothing.
        let again = try await hub.subscribe(try EventFilter(tenantID: "tenant-a"), after: received.last, capacity: 100)
        var rest: [String] = []
        for _ in 0..<3 { rest.append(try #require(try await again.next()).subject) }
        #expect(rest == ["apr-2", "apr-3", "apr-4"])
    }
}
