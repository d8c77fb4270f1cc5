import Bundler
import Foundation
import HTTPTypes
import PackFormat
import PackHost
import StructuredData
import Testing

/// The routes the flow tests do not reach: uploads, run control, data stores, policy, config and audit.
@Suite struct HostAPIRouteTests {
    static func helloBundle() throws -> [UInt8] {
        try BundleWriter.bundle(try PackLoader.load(APITestHost.helloPath)).bytes
    }

    @Test func packsInstallFromAGzipUploadOrAMultipartFieldAndUninstall() async throws {
        let host = try APITestHost()
        let bundle = try Self.helloBundle()
        try await host.test { api in
            var headers: HTTPFields = [.contentType: "application/gzip"]
            let plan = try await api.call(
                .post,
                "/packs/install?dry_run=true",
                bytes: bundle,
                headers: headers
            )
            #expect(plan.status == 200, "\(plan.body)")
            #expect(plan.json["applied"]?.boolValue == false)
            #expect(try await api.call(.get, "/packs").json["items"]?.arrayValue?.isEmpty == true)

            let boundary = "XbOuNdArY"
            var multipart = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n".utf8)
            multipart += Array(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"hello.tgz\"\r\n".utf8
            )
            multipart += Array("Content-Type: application/gzip\r\n\r\n".utf8) + bundle
            multipart += Array("\r\n--\(boundary)--\r\n".utf8)
            headers = [.contentType: "multipart/form-data; boundary=\(boundary)"]
            let installed = try await api.call(.post, "/packs/install", bytes: multipart, headers: headers)
            #expect(installed.status == 200, "\(installed.body)")
            #expect(installed.json["applied"]?.boolValue == true)

            let verify = try await api.call(.post, "/packs/hello/verify")
            #expect(verify.status == 200, "\(verify.body)")
            #expect(verify.json["pack_id"]?.stringValue == "hello")
            #expect(verify.json["results"]?.arrayValue?.isEmpty == false)
            #expect(verify.json["results"]?.arrayValue?.allSatisfy { $0["ok"]?.boolValue == true } == true)

            let empty = try await api.call(
                .post,
                "/packs/install",
                bytes: [],
                headers: [.contentType: "application/gzip"]
            )
            #expect(empty.status == 400)
            let neither = try await api.call(.post, "/packs/install", json: ["nothing": true])
            #expect(neither.status == 400)
            #expect(neither.errorMessage.contains("path"))

            let removed = try await api.call(.post, "/packs/hello/uninstall", json: ["purge": true])
            #expect(removed.status == 200, "\(removed.body)")
            #expect(try await api.call(.get, "/workflows/hello.greet", key: APITestHost.Key.alice).status == 404)
        }
    }

    @Test func runsAreRejectedCancelledAndRerunThroughTheAPI() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let first = try #require(
                try await api.call(.post, "/workflows/hello.greet-and-sign/runs", key: a, json: ["name": "R"])
                    .json["run_id"]?.stringValue
            )
            await host.services.host.settle()
            let missingFlag = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs/\(first)/steps/approve/approve",
                key: a,
                json: ["reason": "?"]
            )
            #expect(missingFlag.status == 400)
            #expect(missingFlag.errorMessage.contains("approved"))
            let rejected = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs/\(first)/steps/approve/approve",
                key: a,
                json: ["approved": false, "reason": "not today"]
            )
            #expect(rejected.status == 200, "\(rejected.body)")
            #expect(rejected.json["status"]?.stringValue == "rejected")
            await host.services.host.settle()
            #expect(try await api.call(.get, "/workflow-runs/\(first)", key: a).json["status"]?.stringValue == "failed")
            let all = try await api.call(.get, "/approvals?status=all", key: a)
            #expect(all.json["items"]?.arrayValue?.count == 1)
            #expect(try await api.call(.get, "/approvals", key: a).json["items"]?.arrayValue?.isEmpty == true)
            #expect(try await api.call(.get, "/approvals?status=maybe", key: a).status == 400)

            let rerun = try await api.call(.post, "/workflow-runs/\(first)/rerun", key: a, json: [:])
            #expect(rerun.status == 200, "\(rerun.body)")
            let second = try #require(rerun.json["run_id"]?.stringValue)
            #expect(second != first)
            await host.services.host.settle()
            let rerunState = try await api.call(.get, "/workflow-runs/\(second)", key: a)
            #expect(rerunState.json["rerun_of"]?.stringValue == first)

            let cancelled = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs/\(second)/cancel",
                key: a,
                json: ["reason": "changed my mind"]
            )
            #expect(cancelled.status == 204, "\(cancelled.body)")
            let state = try await api.call(.get, "/workflow-runs/\(second)", key: a)
            #expect(state.json["status"]?.stringValue == "cancelled", "\(state.body)")
            let again = try await api.call(.post, "/workflow-runs/\(second)/cancel", key: a)
            #expect(again.status >= 400)

            let byWorkflow = try await api.call(.get, "/workflows/hello.greet-and-sign/runs", key: a)
            #expect(byWorkflow.json.arrayValue?.count == 2)
            let keyed = try await api.call(
                .post,
                "/workflows/hello.greet/runs?idempotency_key=k1",
                key: a,
                json: ["name": "I"]
            )
            let keyedAgain = try await api.call(
                .post,
                "/workflows/hello.greet/runs",
                key: a,
                json: ["name": "I"],
                headers: [HTTPField.Name("Idempotency-Key")!: "k1"]
            )
            #expect(keyed.json["run_id"] == keyedAgain.json["run_id"])
        }
    }

    @Test func locksArtifactsDeadLettersAndAuditThroughTheAPI() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])

            let lock = try await api.call(
                .post,
                "/locks/acquire",
                key: a,
                json: ["resource": "r1", "owner": "o1", "ttl_ms": 5000]
            )
            #expect(lock.json["owners"]?["o1"]?.intValue == 1, "\(lock.body)")
            let busy = try await api.call(.post, "/locks/acquire", key: a, json: ["resource": "r1", "owner": "o2"])
            #expect(busy.status == 409)
            #expect(
                try await api.call(.post, "/locks/renew", key: a, json: ["resource": "r1", "owner": "o1"]).status == 200
            )
            #expect(try await api.call(.get, "/locks?resource=r1", key: a).status == 200)
            let released = try await api.call(.post, "/locks/release", key: a, json: ["resource": "r1", "owner": "o1"])
            #expect(released.status == 200)
            #expect(try await api.call(.get, "/locks?resource=r1", key: a).status == 404)

            let stored = try await api.call(
                .post,
                "/artifacts",
                key: a,
                json: ["content_base64": .string(Data("hello".utf8).base64EncodedString()), "labels": ["run_id": "x"]]
            )
            let pointer = try #require(stored.json["artifact_ptr"]?.stringValue, "\(stored.body)")
            #expect(stored.json["size_bytes"]?.intValue == 5)
            let encoded = pointer.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? pointer
            let fetched = try await api.call(.get, "/artifacts/\(encoded)", key: a)
            #expect(fetched.json["content_base64"]?.stringValue == Data("hello".utf8).base64EncodedString())
            #expect(try await api.call(.get, "/artifacts?label=run_id:x", key: a).json["items"]?.arrayValue?.count == 1)
            #expect(
                try await api.call(.get, "/artifacts?label=run_id:y", key: a).json["items"]?.arrayValue?.isEmpty == true
            )
            let tooBig = try await api.call(.post, "/artifacts?max_bytes=2", key: a, json: ["content": "hello"])
            #expect(tooBig.status == 413)
            #expect(try await api.call(.post, "/artifacts", key: a, json: ["content_base64": "***"]).status == 400)

            let job = try #require(
                try await api.call(.post, "/jobs", key: a, json: ["topic": "job.hello.greet", "input": ["name": "D"]])
                    .json["id"]?.stringValue
            )
            await host.services.host.settle()
            try host.services.deadLetters.add(
                tenant: "tenant-a",
                jobID: job,
                topic: "job.hello.greet",
                reasonCode: "test",
                message: "parked by the test",
                job: [:],
                attempts: 1
            )
            let list = try await api.call(.get, "/dlq", key: a)
            #expect(list.json.arrayValue?.count == 1, "\(list.body)")
            let page = try await api.call(.get, "/dlq/page?limit=5", key: a)
            #expect(page.json["items"]?.arrayValue?.first?["reason"]?.stringValue == "parked by the test")
            #expect(try await api.call(.get, "/dlq/\(job)", key: a).status == 200)
            let retried = try await api.call(.post, "/dlq/\(job)/retry", key: a)
            #expect(retried.status == 200, "\(retried.body)")
            #expect(retried.json["id"]?.stringValue != job)
            // A retry takes the entry off the queue; DELETE drops one without retrying.
            #expect(try await api.call(.get, "/dlq/\(job)", key: a).status == 404)
            try host.services.deadLetters.add(
                tenant: "tenant-a",
                jobID: job,
                topic: "job.hello.greet",
                reasonCode: "test",
                message: "parked again",
                job: [:],
                attempts: 2
            )
            #expect(try await api.call(.delete, "/dlq/\(job)", key: a).status == 204)
            #expect(try await api.call(.get, "/dlq/\(job)", key: a).status == 404)
            #expect(try await api.call(.delete, "/dlq/\(job)", key: a).status == 404)

            let jobs = try await api.call(.get, "/jobs?topic=job.hello.greet&state=succeeded", key: a)
            #expect(jobs.json["items"]?.arrayValue?.isEmpty == false, "\(jobs.body)")
            #expect(try await api.call(.get, "/jobs?state=sleeping", key: a).status == 400)

            let audit = try await api.call(.get, "/audit?limit=1000", key: a)
            let records = try #require(audit.json["items"]?.arrayValue)
            #expect(!records.isEmpty)
            #expect(records.allSatisfy { $0["tenant_id"]?.stringValue == "tenant-a" }, "\(audit.body.prefix(400))")
            let verify = try await api.call(.get, "/audit/verify")
            #expect(verify.status == 200, "\(verify.body)")
        }
    }

    @Test func policyConfigAndSchemasThroughTheAPI() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let request: JSONValue = ["topic": "job.hello.greet", "tenant": "tenant-b"]
            let evaluated = try await api.call(.post, "/policy/evaluate", key: a, json: request)
            #expect(evaluated.json["decision"]?.stringValue == "DECISION_TYPE_ALLOW", "\(evaluated.body)")
            #expect(evaluated.json["ruleId"]?.stringValue == "hello-greet")
            let simulated = try await api.call(.post, "/policy/simulate", key: a, json: request)
            #expect(simulated.json == evaluated.json)
            let explained = try await api.call(.post, "/policy/explain", key: a, json: request)
            #expect(explained.status == 200, "\(explained.body)")
            let noTopic = try await api.call(.post, "/policy/evaluate", key: a, json: [:])
            #expect(noTopic.status == 400)
            #expect(noTopic.errorMessage.contains("topic"))
            let snapshots = try await api.call(.get, "/policy/snapshots", key: a)
            #expect(
                snapshots.json["snapshots"]?.arrayValue?.first?.stringValue
                    == evaluated.json["policySnapshot"]?.stringValue
            )
            let bundles = try await api.call(.get, "/policy/bundles", key: a)
            let bundleID = try #require(bundles.json["items"]?.arrayValue?.first?["id"]?.stringValue, "\(bundles.body)")
            let bundle = try await api.call(
                .get,
                "/policy/bundles/\(bundleID.replacingOccurrences(of: "/", with: "~"))",
                key: a
            )
            #expect(bundle.json["content"]?.stringValue?.isEmpty == false, "\(bundle.body)")

            let put = try await api.call(
                .post,
                "/config",
                key: a,
                json: ["scope": "org", "data": ["limits": ["max_concurrent_runs": 2]], "revision": 0]
            )
            #expect(put.status == 204, "\(put.body)")
            let stale = try await api.call(
                .post,
                "/config",
                key: a,
                json: ["scope": "org", "data": ["limits": [:]], "revision": 0]
            )
            #expect(stale.status == 409)
            let document = try await api.call(.get, "/config?scope=org", key: a)
            #expect(document.status == 200, "\(document.body)")
            let effective = try await api.call(.get, "/config/effective", key: a)
            #expect(effective.json["limits"]?["max_concurrent_runs"]?.intValue == 2, "\(effective.body)")
            #expect(try await api.call(.get, "/config?scope=galaxy", key: a).status == 400)
            #expect(try await api.call(.get, "/config?scope=team&scope_id=t", key: a).status == 403)

            let schemas = try await api.call(.get, "/schemas", key: a)
            #expect(schemas.json["schemas"]?.arrayValue?.contains("hello/GreetInput") == true, "\(schemas.body)")
            let bad = try await api.call(.post, "/schemas", key: a, json: ["id": "x", "schema": ["type": 12]])
            #expect(bad.status == 400)
            #expect(
                try await api.call(.post, "/schemas", key: a, json: ["id": "x/Y", "schema": ["type": "string"]]).status
                    == 204
            )
            #expect(try await api.call(.delete, "/schemas/x%2FY", key: a).status == 204)
            #expect(try await api.call(.get, "/schemas/x%2FY", key: a).status == 404)
        }
    }

    @Test func aHeldJobIsApprovedByItsJobIDWithTheDigestItShows() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.test { api in
            let a = APITestHost.Key.alice
            try await api.installHelloHoldingSignatures()

            let held = try await api.call(
                .post,
                "/jobs",
                key: a,
                json: ["topic": "job.hello.guestbook.sign", "input": ["name": "H", "message": "hi"]]
            )
            #expect(held.json["state"]?.stringValue == "APPROVAL_REQUIRED", "\(held.body)")
            let jobID = try #require(held.json["id"]?.stringValue)
            let approval = try await api.call(.get, "/approvals/\(jobID)", key: a)
            #expect(approval.status == 200, "\(approval.body)")
            let digest = try #require(approval.json["digest"]?.stringValue)
            #expect(approval.json["job_id"]?.stringValue == jobID)
            let granted = try await api.call(
                .post,
                "/approvals/\(jobID)/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "checked", "note": "ticket 7", "digest": .string(digest)]
            )
            #expect(granted.status == 200, "\(granted.body)")
            // Cordum's approve answer ({job_id, trace_id}) alongside the approval the host answers.
            #expect(granted.json["job_id"]?.stringValue == jobID)
            #expect(granted.json["trace_id"]?.stringValue == jobID)
            #expect(granted.json["job"]?["id"]?.stringValue == jobID)
            #expect(granted.json["decided_by"]?.stringValue != nil)
            await host.services.host.settle()
            let done = try await api.call(.get, "/jobs/\(jobID)", key: a)
            #expect(done.json["state"]?.stringValue == "SUCCEEDED", "\(done.body)")
            let used = try await api.call(
                .post,
                "/approvals/\(jobID)/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "again"]
            )
            #expect(used.status == 409)
        }
    }
}
