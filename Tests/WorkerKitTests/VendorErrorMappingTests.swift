import NIOCore
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

/// Failed vendor answers in the shared error vocabulary, and a pack's classifier overriding it.
@Suite("Vendor error mapping")
struct VendorErrorMappingTests {
    static let statuses: [(Int, WorkerError.Code, Bool)] = [
        (400, .validationFailed, false), (401, .unauthorized, false), (403, .forbidden, false),
        (404, .notFound, false), (408, .timeout, true), (409, .conflict, false), (410, .notFound, false),
        (422, .validationFailed, false),
        (429, .rateLimited, true), (500, .unavailable, true), (502, .unavailable, true), (503, .unavailable, true),
        (501, .vendorError, false), (418, .vendorError, false),
    ]

    @Test(arguments: statuses)
    func statusesMapToTheSharedCodes(status: Int, code: WorkerError.Code, retryable: Bool) async throws {
        #expect(WorkerError.code(forStatus: status) == (code, retryable))
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                status: HTTPResponseStatus(statusCode: status),
                headers: [("x-request-id", "req-\(status)")] + (status == 429 ? [("Retry-After", "120")] : []),
                body: #"{"message": "vendor says \#(status) \#(Tracker.token)", "errors": [{"field": "title"}]}"#
            )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        let error = try #require(outcome.error)
        #expect(error.code == code)
        #expect(error.retryable == retryable)
        #expect(error.message.contains("req-\(status)"), "\(error.message)")
        #expect(error.message.contains("vendor says \(status)"))
        #expect(!error.message.contains(Tracker.token))
        if code == .rateLimited { #expect(error.message.contains("retry after 120 s")) }
        if code == .validationFailed { #expect(error.message.contains(#"errors: [{"field":"title"}]"#)) }
    }

    /// WorkerKit's own rule, as ``VendorHTTPClient`` retries it: a 403 carrying `Retry-After` or an exhausted
    /// `x-ratelimit-remaining` is a rate limit, not a missing permission.
    @Test func aForbiddenAnswerWithRateLimitHeadersIsRateLimited() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .forbidden, headers: [("Retry-After", "600")], body: "{}")
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(outcome.error?.code == .rateLimited)
        #expect(outcome.error?.retryable == true)
        #expect(outcome.error?.message.contains("retry after 600 s") == true)
    }

    @Test func aSlowVendorTimesOut() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: "{}", delay: .seconds(30)) }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(
            Tracker.settings(baseURL: server.baseURL, secrets: secrets),
            timeout: .milliseconds(200)
        )
        let outcome = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(outcome.error?.code == .timeout)
        #expect(outcome.error?.retryable == true)
    }

    @Test func aClassifierOverridesTheSharedMapping() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            request.uri.hasSuffix("/1")
                ? ScriptedResponse(status: .conflict, headers: [("x-tracker-lock", "release")], body: "{}")
                : ScriptedResponse(status: .conflict, body: "{}")
        }
        defer { Task { await server.stop() } }
        let locked = ResponseClassifier { response, failure in
            guard response.status == 409, let lock = response.headers.first(name: "x-tracker-lock") else { return nil }
            return WorkerError(
                code: "tracker_locked",
                message: "The project is locked for the \(lock)\(failure.where).",
                retryable: true
            )
        }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets), classifier: locked)
        let classified = await Tracker.run(worker, "items.get", ["project": "acme", "id": 1], secrets: secrets)
        #expect(classified.error?.code == "tracker_locked")
        #expect(classified.error?.retryable == true)
        #expect(classified.error?.message.contains("locked for the release") == true)
        // The classifier returns nil for other answers: the shared mapping applies.
        let shared = await Tracker.run(worker, "items.get", ["project": "acme", "id": 2], secrets: secrets)
        #expect(shared.error?.code == .conflict)
    }

    @Test func answersTheRuntimeCannotReadAreVendorErrors() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            request.uri.hasPrefix("/p/bad/")
                ? ScriptedResponse(body: #"{"entries": []}"#)
                : ScriptedResponse(
                    headers: [("Link", #"<https://elsewhere.example/p/acme/items?page=2>; rel="next""#)],
                    body: #"{"items": [1]}"#
                )
        }
        defer { Task { await server.stop() } }
        let secrets = SecretRegistry()
        let worker = Tracker.worker(Tracker.settings(baseURL: server.baseURL, secrets: secrets))
        let shapeless = await Tracker.run(worker, "items.list", ["project": "bad"], secrets: secrets)
        #expect(shapeless.error?.code == .vendorError)
        #expect(shapeless.error?.message.contains(#"no "items" list"#) == true)
        let offOrigin = await Tracker.run(worker, "items.list", ["project": "acme"], secrets: secrets)
        #expect(offOrigin.error?.code == .vendorError)
        #expect(offOrigin.error?.message.contains("does not stay on") == true)
        #expect(server.requests.count == 2)
    }
}
