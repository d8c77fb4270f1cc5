import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PackHost
import StructuredData
import Testing

/// The routes, requests and answers Cordum's clients expect of the gateway (c7ddbe09), with the host's stricter
/// rules kept: tenants from the SDK's header, Cordum's job body and states, decisions and traces, run deletion.
@Suite struct HostAPICordumShapeTests {
    @Test func healthNeedsNoKeyAndTheSDKsTenantHeaderNamesTheTenant() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let health = try await api.client.execute(uri: "/health", method: .get, headers: [:], body: nil) {
                ($0.status.code, String(buffer: $0.body))
            }
            #expect(health.0 == 200 && health.1 == "ok")
            let sdk: HTTPFields = [APIAuthMiddleware.cordumTenantHeader: "tenant-a"]
            let status = try await api.call(.get, "/status", key: APITestHost.Key.alice, tenant: nil, headers: sdk)
            #expect(status.json["tenant"]?.stringValue == "tenant-a", "\(status.body)")
            let both = try await api.call(.get, "/status", key: APITestHost.Key.alice, headers: sdk)
            #expect(both.status == 200)
            let differ = try await api.call(
                .get,
                "/status",
                key: APITestHost.Key.alice,
                tenant: "tenant-b",
                headers: sdk
            )
            #expect(differ.status == 400 && differ.errorCode == "invalid_argument")
            let foreign: HTTPFields = [APIAuthMiddleware.cordumTenantHeader: "tenant-b"]
            let refused = try await api.call(.get, "/status", key: APITestHost.Key.alice, tenant: nil, headers: foreign)
            #expect(refused.status == 403 && refused.errorCode == "forbidden")
        }
    }

    @Test func statusReportsTheBusItIsGiven() async throws {
        struct Bus: BusStatusSource {
            func busStatus() async -> BusStatus {
                BusStatus(connected: true, status: "CONNECTED", url: "nats://n:4222")
            }
        }
        let host = try APITestHost()
        let api = HostAPI(services: host.services, keys: host.keys, bus: Bus())
        try await Application(router: api.makeRouter()).test(.router) { client in
            let status = try await APIClient(client: client).call(.get, "/status")
            #expect(status.json["nats"] == ["connected": true, "status": "CONNECTED", "url": "nats://n:4222"])
            #expect(status.json["redis"]?["ok"]?.boolValue == true)
        }
        try await host.test { api in
            let status = try await api.call(.get, "/status")
            #expect(status.json["nats"]?["status"]?.stringValue == "UNKNOWN", "no bus: Cordum's answer for one")
        }
    }

    @Test func installAnswersThePackRecord() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let installed = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            #expect(installed.json["id"]?.stringValue == "hello", "\(installed.body)")
            #expect(installed.json["status"]?.stringValue == "ACTIVE")
            #expect(installed.json["applied"]?.boolValue == true)
            #expect(installed.json["plan"]?["pack_id"]?.stringValue == "hello")
        }
    }

    @Test func jobsTakeCordumsBodyAndAnswerItsStatesDecisionsAndTraces() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let body: JSONValue = [
                "prompt": "greet them", "topic": "job.hello.greet", "context": ["name": "Cy"],
                "capability": "hello.greet", "risk_tags": ["read"], "org_id": "tenant-a",
            ]
            let submitted = try await api.call(.post, "/jobs", key: a, json: body)
            let jobID = try #require(submitted.json["job_id"]?.stringValue, "\(submitted.body)")
            let traceID = try #require(submitted.json["trace_id"]?.stringValue)
            await host.services.host.settle()
            let job = try await api.call(.get, "/jobs/\(jobID)", key: a)
            #expect(job.json["state"]?.stringValue == "SUCCEEDED", "\(job.body)")
            #expect(job.json["input"] == ["name": "Cy", "prompt": "greet them"])
            #expect(job.json["capability"]?.stringValue == "hello.greet")
            #expect(job.json["safety_decision"]?.stringValue == "ALLOW")
            #expect(job.json["result_ptr"]?.stringValue == "redis://res:\(jobID)")

            for state in ["SUCCEEDED", "succeeded"] {
                let listed = try await api.call(.get, "/jobs?state=\(state)", key: a)
                #expect(listed.json["items"]?.arrayValue?.first?["id"]?.stringValue == jobID, "\(state)")
            }
            #expect(try await api.call(.get, "/jobs?state=DONE", key: a).errorCode == "invalid_argument")
            let decisions = try await api.call(.get, "/jobs/\(jobID)/decisions", key: a)
            #expect(decisions.json.arrayValue?.first?["decision"]?.stringValue == "ALLOW", "\(decisions.body)")
            #expect(decisions.json.arrayValue?.first?["action"]?.stringValue == "ALLOW")
            let trace = try await api.call(.get, "/traces/\(traceID)", key: a)
            #expect(trace.json.arrayValue?.compactMap { $0["id"]?.stringValue } == [jobID], "\(trace.body)")

            var fields = body.objectValue ?? [:]
            fields["org_id"] = "tenant-b"
            let foreign = JSONValue.object(fields)
            let refused = try await api.call(.post, "/jobs", key: a, json: foreign)
            #expect(refused.status == 403 && refused.errorCode == "forbidden")
        }
    }

    @Test func aFinishedRunIsDeletedAndAnActiveOneIsNot() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let started = try await api.call(.post, "/workflows/hello.greet-and-sign/runs", key: a, json: ["name": "D"])
            let runID = try #require(started.json["run_id"]?.stringValue)
            await host.services.host.settle()
            let active = try await api.call(.delete, "/workflow-runs/\(runID)", key: a)
            #expect(active.status == 409 && active.errorCode == "conflict", "\(active.body)")
            #expect(try await api.call(.post, "/workflow-runs/\(runID)/cancel", key: a, json: [:]).status == 204)
            #expect(try await api.call(.delete, "/workflow-runs/\(runID)", key: a).status == 204)
            #expect(try await api.call(.get, "/workflow-runs/\(runID)", key: a).status == 404)
            #expect(try await api.call(.delete, "/workflow-runs/\(runID)", key: a).status == 404)
            #expect(try host.auditLines().contains { $0.contains("\"run.deleted\"") && $0.contains(runID) })
        }
    }
}
