import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ServerTesting
import StructuredData
import Testing
import WorkerKit

@Suite("VendorHTTPClient")
struct VendorHTTPClientTests {
    /// A client with deterministic backoff (no jitter) on a recording clock.
    func client(
        _ clock: RecordingClock,
        secrets: SecretRegistry = SecretRegistry(),
        retry: RetryPolicy = RetryPolicy(jitter: { $0 }),
        timeout: Duration = .seconds(5)
    ) -> VendorHTTPClient {
        VendorHTTPClient(vendor: "acme", secrets: secrets, retry: retry, timeout: timeout, clock: clock.clock)
    }

    @Test func retriesA429HonouringRetryAfterSecondsThenSucceeds() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index == 0
                ? ScriptedResponse(status: .tooManyRequests, headers: [("Retry-After", "2")])
                : ScriptedResponse(body: #"{"ok":true}"#)
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let response = try await client(clock).send(
            VendorRequest(url: server.baseURL + "/x"),
            logger: LogCapture().logger()
        )
        #expect(response.status == 200)
        #expect(response.attempts == 2)
        #expect(try response.json() == ["ok": true])
        #expect(clock.sleeps == [.seconds(2)])
        #expect(server.requests.count == 2)
    }

    @Test func honoursRetryAfterAsAnHTTPDate() async throws {
        let clock = RecordingClock()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = formatter.string(from: clock.fixedDate.addingTimeInterval(7))
        let server = try await TestHTTPServer.start { _, index in
            index == 0
                ? ScriptedResponse(status: .serviceUnavailable, headers: [("Retry-After", date)])
                : ScriptedResponse(body: "{}")
        }
        defer { Task { await server.stop() } }
        _ = try await client(clock).send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        #expect(clock.sleeps == [.seconds(7)])
    }

    @Test func waitsTheSecondsLeftOfARateLimitResetWhenTheVendorWritesThemSo() async throws {
        // Datadog: a 429 with X-RateLimit-Reset in seconds until the window resets, and no Retry-After.
        let server = try await TestHTTPServer.start { _, index in
            index == 0
                ? ScriptedResponse(
                    status: .tooManyRequests,
                    headers: [("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "9"), ("X-RateLimit-Period", "10")]
                )
                : ScriptedResponse(body: "{}")
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        var secondsLeft = client(clock)
        secondsLeft.rateLimitReset = .secondsLeft
        _ = try await secondsLeft.send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        #expect(clock.sleeps == [.seconds(9)])
    }

    @Test func retries500TwiceWithExponentialBackoffThenSucceeds() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index < 2 ? ScriptedResponse(status: .internalServerError) : ScriptedResponse(body: "[]")
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let response = try await client(clock).send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        #expect(response.attempts == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test func fullJitterStaysWithinTheCappedDelay() {
        let policy = RetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(4))
        for attempt in 1...8 {
            let cap = min(Duration.seconds(4), .seconds(1) * (1 << (attempt - 1)))
            let delay = policy.backoff(afterAttempt: attempt)
            #expect(delay >= .zero && delay <= cap)
        }
    }

    @Test func gives500sUpAfterMaxAttemptsAsRetryableUnavailable() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(status: .badGateway) }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let error = await #expect(throws: WorkerError.self) {
            try await client(clock, retry: RetryPolicy(maxAttempts: 3, jitter: { $0 }))
                .send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.retryable == true)
        #expect(server.requests.count == 3)
    }

    @Test func doesNotRetryAPostOn500WithoutAnIdempotencyKey() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(status: .internalServerError) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            try await client(RecordingClock())
                .send(.json(.POST, url: server.baseURL, body: ["title": "x"]), logger: LogCapture().logger())
        }
        #expect(error?.code == .unavailable)
        #expect(server.requests.count == 1)
        #expect(server.requests.first?.headers.first(name: "content-type") == "application/json")
    }

    @Test(arguments: [
        (401, WorkerError.Code.unauthorized), (403, .forbidden), (404, .notFound),
        (409, .conflict), (422, .validationFailed),
    ])
    func mapsClientErrorsWithoutRetrying(status: Int, code: WorkerError.Code) async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: HTTPResponseStatus(statusCode: status), body: #"{"message":"nope"}"#)
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let error = await #expect(throws: WorkerError.self) {
            try await client(clock).send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        }
        #expect(error?.code == code)
        #expect(error?.retryable == false)
        #expect(error?.message.contains("nope") == true)
        #expect(server.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func treatsA403WithAnExhaustedRateLimitAsRateLimited() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .forbidden, headers: [("x-ratelimit-remaining", "0"), ("Retry-After", "600")])
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            try await client(RecordingClock()).send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        }
        // Retry-After beyond maxRetryAfter: no wait in the worker, the job is retryable.
        #expect(error?.code == .rateLimited)
        #expect(error?.retryable == true)
        #expect(server.requests.count == 1)
    }

    @Test func timesOutASlowVendor() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: "{}", delay: .seconds(30)) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            try await client(RecordingClock(), retry: .none, timeout: .milliseconds(200))
                .send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        }
        #expect(error?.code == .timeout)
        #expect(error?.retryable == true)
    }

    @Test func reportsAnUnreachableVendorAsUnavailableAfterRetrying() async throws {
        let refusing = try RefusingPort()
        let clock = RecordingClock()
        let error = await #expect(throws: WorkerError.self) {
            // The port refuses at once; the generous timeout only keeps a loaded CI machine from turning the
            // refusal into a timeout.
            try await client(clock, retry: RetryPolicy(maxAttempts: 2, jitter: { $0 }), timeout: .seconds(10))
                .send(VendorRequest(url: refusing.url), logger: LogCapture().logger())
        }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("could not be reached") == true)
        #expect(clock.sleeps == [.milliseconds(500)])
    }

    @Test func logsTheVendorRequestIDOrAGeneratedOne() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            request.uri == "/tagged"
                ? ScriptedResponse(headers: [("X-GitHub-Request-Id", "GH-42")]) : ScriptedResponse()
        }
        defer { Task { await server.stop() } }
        let logs = LogCapture()
        let tagged = try await client(RecordingClock()).send(
            VendorRequest(url: server.baseURL + "/tagged"),
            logger: logs.logger()
        )
        #expect(tagged.requestID == "GH-42")
        #expect(logs.all.contains { $0.contains("vendor_request_id=GH-42") && $0.contains("request_id=wk-") })
        let plain = try await client(RecordingClock()).send(VendorRequest(url: server.baseURL), logger: logs.logger())
        #expect(plain.requestID.hasPrefix("wk-"))
        #expect(logs.all.contains { $0.contains("request_id=\(plain.requestID)") })
    }

    @Test func keepsCredentialsOutOfErrorsAndLogs() async throws {
        let token = "ghp_s3cretT0kenValue"
        let profileSecret = "profile-secret-9876"
        let server = try await TestHTTPServer.start { request, index in
            let echoed = request.headers.first(name: "authorization") ?? ""
            return index == 0
                ? ScriptedResponse(status: .internalServerError, body: #"{"message":"boom \#(profileSecret)"}"#)
                : ScriptedResponse(status: .unauthorized, body: #"{"message":"Bad credentials: \#(echoed)"}"#)
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry([profileSecret])
        let logs = LogCapture()
        var request = VendorRequest(url: server.baseURL + "/repos?access_token=\(token)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "X-API-Key", value: "key-abcdef")
        request.headers.add(name: "Cookie", value: "session=cookie-value-1")
        let error = await #expect(throws: WorkerError.self) {
            try await client(RecordingClock(), secrets: secrets).send(request, logger: logs.logger())
        }
        #expect(error?.code == .unauthorized)
        let texts = logs.all + [error?.message ?? "", error?.description ?? ""]
        for secret in [token, profileSecret, "key-abcdef", "cookie-value-1"] {
            #expect(!texts.contains { $0.contains(secret) }, "leaked \(secret)")
        }
        #expect(logs.all.contains { $0.contains("Authorization: [REDACTED]") })
        #expect(error?.message.contains(SecretRegistry.mask) == true)
        #expect(secrets.containsSecret("Bearer \(token)"))
    }

    @Test func doesNotFollowRedirectsThatWouldCarryCredentialsElsewhere() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .found, headers: [("Location", "http://127.0.0.2:9/steal")])
        }
        defer { Task { await server.stop() } }
        var request = VendorRequest(url: server.baseURL)
        request.headers.add(name: "Authorization", value: "Bearer redirect-token-1")
        let response = try await client(RecordingClock()).send(request, logger: LogCapture().logger())
        #expect(response.status == 302)
        #expect(server.requests.count == 1)
    }

    @Test func sendsTheUserAgent() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse() }
        defer { Task { await server.stop() } }
        var client = client(RecordingClock())
        client.userAgent = "cordum-acme/1.0"
        _ = try await client.send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        #expect(server.requests.first?.headers.first(name: "user-agent") == "cordum-acme/1.0")
    }
}
