import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("Answer classifiers and the vendor's request id header")
struct AnswerClassifierTests {
    static let slack = AnswerClassifier.successFlag(
        "ok",
        errorField: "error",
        codes: [
            "channel_not_found": .notFound, "ratelimited": .rateLimited, "invalid_auth": .unauthorized,
            "not_authed": .unauthorized, "token_revoked": .unauthorized, "invalid_arguments": .validationFailed,
        ]
    )

    /// The tracker worker with `configure` applied to its client.
    private func worker(
        _ server: TestHTTPServer,
        secrets: SecretRegistry,
        clock: RecordingClock = RecordingClock(),
        retry: RetryPolicy = .none,
        classifier: ResponseClassifier = .none,
        configure: (inout VendorHTTPClient) -> Void
    ) -> Worker {
        let settings = Tracker.settings(baseURL: server.baseURL, secrets: secrets)
        var http = settings.httpClient(vendor: "Tracker", retry: retry)
        http.clock = clock.clock
        configure(&http)
        let transport = BearerTokenTransport(settings: settings, http: http, classifier: classifier)
        let runtime = ActionRuntime(settings: settings, transport: transport)
        return Worker(packID: "tracker", actions: Tracker.actions, runtime: runtime, schemas: Tracker.schemas)
    }

    @Test(arguments: [
        ("channel_not_found", WorkerError.Code.notFound), ("invalid_auth", .unauthorized),
        ("not_authed", .unauthorized),
        ("token_revoked", .unauthorized), ("invalid_arguments", .validationFailed), ("is_archived", .vendorError),
    ])
    func aSlackStyleFailureAnsweredWith200GetsTheSharedCode(vendorCode: String, code: WorkerError.Code) async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(headers: [("x-slack-req-id", "slk-1")], body: #"{"ok":false,"error":"\#(vendorCode)"}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = worker(server, secrets: secrets) { $0.answerClassifier = Self.slack }
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        guard case .failed(let error) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error.code == code)
        #expect(error.message.contains(vendorCode) && error.message.contains("slk-1"))
        #expect(!error.retryable)
        #expect(server.requests.count == 1)
    }

    @Test func thePacksResponseClassifierStillSeesABodyFailure() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"ok":false,"error":"is_archived"}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let archived = ResponseClassifier { response, call in
            guard call.body?["error"] == "is_archived" else { return nil }
            return WorkerError(code: .conflict, message: "The channel is archived\(call.where).")
        }
        let worker = worker(server, secrets: secrets, classifier: archived) { $0.answerClassifier = Self.slack }
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        guard case .failed(let error) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(error.code == .conflict && error.message.contains("archived"))
    }

    @Test func aSlackRateLimitIn200IsRetriedAfterItsRetryAfter() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index == 0
                ? ScriptedResponse(headers: [("Retry-After", "3")], body: #"{"ok":false,"error":"ratelimited"}"#)
                : ScriptedResponse(body: #"{"ok":true,"channel":"C1"}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let clock = RecordingClock()
        let worker = worker(server, secrets: secrets, clock: clock, retry: RetryPolicy(maxAttempts: 3)) {
            $0.answerClassifier = Self.slack
        }
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        let output = try #require(outcome.output, "\(outcome)")
        #expect(output["result"]?["channel"] == "C1")
        #expect(clock.sleeps == [.seconds(3)])
    }

    @Test func aRateLimitIn400BodyWaitsTheBodysRetryAfter() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index == 0
                ? ScriptedResponse(
                    status: .badRequest,
                    body: #"{"error":{"code":"rate_limited","retry_after":7.5}}"#
                )
                : ScriptedResponse(body: #"{"id":1}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let clock = RecordingClock()
        let worker = worker(server, secrets: secrets, clock: clock, retry: RetryPolicy(maxAttempts: 3)) {
            $0.answerClassifier = .rateLimitInBody(
                statuses: [200, 400],
                field: "error.code",
                values: ["rate_limited"],
                retryAfterField: "error.retry_after"
            )
        }
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(outcome.output?["result"] == ["id": 1])
        #expect(clock.sleeps == [.milliseconds(7500)])
    }

    @Test func aBodyRateLimitThatPersistsNamesTheBodysWaitInTheMessage() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .badRequest, body: #"{"error":{"code":"rate_limited","retry_after":42}}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let clock = RecordingClock()
        let worker = worker(server, secrets: secrets, clock: clock, retry: RetryPolicy(maxAttempts: 2)) {
            $0.answerClassifier = .rateLimitInBody(
                statuses: [400],
                field: "error.code",
                values: ["rate_limited"],
                retryAfterField: "error.retry_after"
            )
        }
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(outcome.error?.code == .rateLimited)
        #expect(outcome.error?.message.contains("retry after 42 s") == true, "\(String(describing: outcome.error))")
    }

    @Test func aBodyRateLimitThatPersistsFailsRateLimited() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"ok":false,"error":"ratelimited"}"#)
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(
            vendor: "Slack",
            secrets: SecretRegistry(),
            retry: RetryPolicy(maxAttempts: 2),
            clock: RecordingClock().clock
        )
        var slack = client
        slack.answerClassifier = Self.slack
        do {
            _ = try await slack.send(VendorRequest(url: server.baseURL + "/api/x"), logger: LogCapture().logger())
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .rateLimited && error.retryable)
        }
        #expect(server.requests.count == 2)
    }

    @Test func successfulAnswersPassTheClassifier() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"{"ok":true}"#) }
        defer { Task { await server.stop() } }
        var client = VendorHTTPClient(vendor: "Slack", secrets: SecretRegistry(), clock: RecordingClock().clock)
        client.answerClassifier = Self.slack.then(.rateLimitInBody(statuses: [200], field: "error", values: ["x"]))
        let answer = try await client.send(VendorRequest(url: server.baseURL + "/api/x"), logger: LogCapture().logger())
        #expect(try answer.json() == ["ok": true])
    }

    @Test func thePacksRequestIDHeaderReachesTheEnvelope() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                headers: [("cf-ray", "8a1b2c3d4e-AMS"), ("x-request-id", "generic-1")],
                body: #"{"id":1}"#
            )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let plain = worker(server, secrets: secrets) { _ in }
        let before = await Tracker.run(plain, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(before.output?["request_id"] == "generic-1")
        let configured = worker(server, secrets: secrets) { $0.requestIDHeaders = ["cf-ray"] }
        let after = await Tracker.run(configured, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(after.output?["request_id"] == "8a1b2c3d4e-AMS")
    }
}
