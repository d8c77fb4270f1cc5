import HTTPTypes
import PackHost
import StructuredData
import Testing

/// The parts of the engine's contract that live at the host's API: where a run start's idempotency key is read,
/// approving a step that does not exist, and a rejected job in the dead-letter queue.
@Suite struct EngineContractAPITests {
    static let transform: JSONValue = [
        "id": "shape", "name": "shape", "version": "1",
        "steps": ["make": ["type": "transform", "input": ["n": "${input.n}"]]],
    ]

    static func header(_ name: String, _ value: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[HTTPField.Name(name)!] = value
        return fields
    }

    @Test func runStartsReadTheIdempotencyKeyFromUpstreamsSourcesInItsOrder() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            #expect(try await api.call(.post, "/workflows", key: a, json: Self.transform).status == 201)
            func start(_ query: String = "", _ headers: HTTPFields = [:]) async throws -> String {
                let answer = try await api.call(
                    .post,
                    "/workflows/shape/runs\(query)",
                    key: a,
                    json: ["n": 1],
                    headers: headers
                )
                #expect(answer.status == 200, "\(answer.body)")
                return try #require(answer.json["run_id"]?.stringValue)
            }
            var all = Self.header("Idempotency-Key", "k1")
            all[HTTPField.Name("X-Idempotency-Key")!] = "k2"
            // Idempotency-Key wins over X-Idempotency-Key and the query.
            let first = try await start("?idempotency_key=k3", all)
            #expect(try await start("", Self.header("Idempotency-Key", "k1")) == first)
            #expect(try await start("?idempotency_key=k1") == first)
            // X-Idempotency-Key, then idempotency_key, then idempotency-key.
            let second = try await start("?idempotency_key=k4", Self.header("X-Idempotency-Key", "k2"))
            #expect(second != first)
            #expect(try await start("?idempotency-key=k2") == second)
            let third = try await start("?idempotency_key=k5&idempotency-key=k6")
            #expect(try await start("", Self.header("X-Idempotency-Key", "k5")) == third)
            // A blank header falls through to the next source (values are trimmed, as upstream).
            #expect(try await start("?idempotency-key=%20k5%20", Self.header("Idempotency-Key", "  ")) == third)
            // No key: a new run every time.
            #expect(try await start() != (try await start()))
        }
    }

    @Test func approvingAStepTheRunDoesNotHaveIsNotFoundAndAFinishedStepIsAConflict() async throws {
        let host = try APITestHost()
        try await host.test { api in
            let a = APITestHost.Key.alice
            #expect(try await api.call(.post, "/workflows", key: a, json: Self.transform).status == 201)
            let started = try await api.call(.post, "/workflows/shape/runs", key: a, json: ["n": 2])
            let runID = try #require(started.json["run_id"]?.stringValue)
            let missing = try await api.call(
                .post,
                "/workflows/shape/runs/\(runID)/steps/nope/approve",
                key: a,
                json: ["approved": true, "reason": "ok"]
            )
            #expect(missing.status == 404)
            #expect(missing.errorCode == "not_found")
            let finished = try await api.call(
                .post,
                "/workflows/shape/runs/\(runID)/steps/make/approve",
                key: a,
                json: ["approved": true, "reason": "ok"]
            )
            #expect(finished.status == 409)
            #expect(finished.errorCode == "conflict")
        }
    }

    @Test func aJobAHumanRejectedIsDeadLetteredWithApprovalRejected() async throws {
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
            let jobID = try #require(held.json["id"]?.stringValue ?? held.json["job_id"]?.stringValue)
            let rejected = try await api.call(.post, "/approvals/\(jobID)/reject", key: a, json: ["reason": "no"])
            #expect(rejected.status == 200, "\(rejected.body)")
            let letter = try await api.call(.get, "/dlq/\(jobID)", key: a)
            #expect(letter.status == 200, "\(letter.body)")
            #expect(letter.json["reason_code"] == "approval_rejected")
            let job = try await api.call(.get, "/jobs/\(jobID)", key: a)
            #expect(job.json["error"]?["code"] == "approval_rejected")
            // Another tenant does not see it.
            #expect(
                try await api.call(.get, "/dlq/\(jobID)", key: APITestHost.Key.bob, tenant: "tenant-b").status == 404
            )
        }
    }
}
