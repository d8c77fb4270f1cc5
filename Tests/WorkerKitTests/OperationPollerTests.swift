import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

@Suite("Long-running operations polled until done")
struct OperationPollerTests {
    private let logger = LogCapture().logger()

    private func client(_ clock: RecordingClock) -> VendorHTTPClient {
        VendorHTTPClient(vendor: "Cloud", secrets: SecretRegistry(), retry: .none, clock: clock.clock)
    }

    @Test func anAzureAsyncOperationIsPolledThenTheResourceRead() async throws {
        let server = try await TestHTTPServer.start { request, index in
            switch (request.method, request.uri) {
            case (.PUT, "/vms/web"):
                return ScriptedResponse(
                    status: .created,
                    headers: [("Azure-AsyncOperation", "/ops/7?api-version=2024-01-01"), ("Retry-After", "4")],
                    body: #"{"name":"web","properties":{"provisioningState":"Creating"}}"#
                )
            case (.GET, let uri) where uri.hasPrefix("/ops/7"):
                let done = index >= 2
                return ScriptedResponse(
                    headers: done ? [] : [("Retry-After", "2")],
                    body: done ? #"{"status":"Succeeded"}"# : #"{"status":"InProgress"}"#
                )
            case (.GET, "/vms/web"):
                return ScriptedResponse(body: #"{"name":"web","properties":{"provisioningState":"Succeeded"}}"#)
            default:
                return ScriptedResponse(status: .notFound)
            }
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let http = client(clock)
        var request = VendorRequest.json(.PUT, url: server.baseURL + "/vms/web", body: ["location": "westeurope"])
        request.headers.add(name: "Authorization", value: "Bearer az-token-123")
        let started = try await http.send(request, logger: logger)
        let outcome = try await http.awaitOperation(.azure, started: started, request: request, logger: logger)
        #expect(outcome.status == "Succeeded" && outcome.polls == 2)
        #expect(outcome.result["properties"]?["provisioningState"] == "Succeeded")
        #expect(clock.sleeps == [.seconds(4), .seconds(2)])
        let polls = server.requests.dropFirst()
        #expect(polls.map(\.uri) == ["/ops/7?api-version=2024-01-01", "/ops/7?api-version=2024-01-01", "/vms/web"])
        #expect(polls.allSatisfy { $0.method == .GET && $0.body.isEmpty })
        #expect(polls.allSatisfy { $0.headers.first(name: "authorization") == "Bearer az-token-123" })
        #expect(polls.allSatisfy { !$0.headers.contains(name: "content-type") })
    }

    @Test func anAzureLocationIsPolledWhileItAnswers202() async throws {
        let server = try await TestHTTPServer.start { request, index in
            if request.method == .POST {
                return ScriptedResponse(status: .accepted, headers: [("Location", "/results/9")])
            }
            return index < 2
                ? ScriptedResponse(status: .accepted, headers: [("Retry-After", "1")])
                : ScriptedResponse(body: #"{"exported":true}"#)
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .POST, url: server.baseURL + "/vms/web/export")
        let started = try await http.send(request, logger: logger)
        let outcome = try await http.awaitOperation(.azure, started: started, request: request, logger: logger)
        #expect(outcome.result == ["exported": true] && outcome.polls == 2)
    }

    @Test func aFailedAzureOperationFailsWithTheVendorsReason() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            if request.method == .DELETE {
                return ScriptedResponse(status: .accepted, headers: [("Azure-AsyncOperation", "/ops/1")])
            }
            return ScriptedResponse(
                body: #"{"status":"Failed","error":{"code":"ResourceLocked","message":"The VM is locked."}}"#
            )
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .DELETE, url: server.baseURL + "/vms/web")
        let started = try await http.send(request, logger: logger)
        do {
            _ = try await http.awaitOperation(.azure, started: started, request: request, logger: logger)
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .vendorError)
            #expect(error.message.contains("ResourceLocked") && error.message.contains("Failed"))
        }
    }

    @Test func aGoogleOperationIsPolledUntilDone() async throws {
        let server = try await TestHTTPServer.start { request, index in
            if request.method == .POST {
                return ScriptedResponse(body: #"{"name":"operations/op-1","metadata":{"verb":"create"}}"#)
            }
            return index < 2
                ? ScriptedResponse(body: #"{"name":"operations/op-1","done":false}"#)
                : ScriptedResponse(body: #"{"name":"operations/op-1","done":true,"response":{"id":"inst-1"}}"#)
        }
        defer { Task { await server.stop() } }
        let clock = RecordingClock()
        let http = client(clock)
        let request = VendorRequest.json(.POST, url: server.baseURL + "/v1/instances", body: ["name": "inst-1"])
        let started = try await http.send(request, logger: logger)
        let outcome = try await http.awaitOperation(
            .google(operationsBaseURL: server.baseURL + "/v1"),
            started: started,
            request: request,
            limits: OperationLimits(interval: .seconds(1)),
            logger: logger
        )
        #expect(outcome.result == ["id": "inst-1"] && outcome.name == "operations/op-1" && outcome.polls == 2)
        #expect(server.requests.dropFirst().map(\.uri) == ["/v1/operations/op-1", "/v1/operations/op-1"])
        #expect(clock.sleeps == [.seconds(1), .seconds(1)])
    }

    @Test func aGoogleOperationErrorMapsToTheSharedCode() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            if request.method == .POST { return ScriptedResponse(body: #"{"name":"operations/op-2","done":false}"#) }
            return ScriptedResponse(
                body: #"{"name":"operations/op-2","done":true,"error":{"code":5,"message":"zone not found"}}"#
            )
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .POST, url: server.baseURL + "/v1/instances")
        let started = try await http.send(request, logger: logger)
        do {
            _ = try await http.awaitOperation(
                .google(operationsBaseURL: server.baseURL + "/v1"),
                started: started,
                request: request,
                logger: logger
            )
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .notFound && error.message.contains("zone not found"))
            #expect(error.message.contains("operations/op-2"))
        }
    }

    @Test func theGenericFormReadsAStatusFieldAtAHeadersURL() async throws {
        let server = try await TestHTTPServer.start { request, index in
            if request.method == .POST {
                return ScriptedResponse(status: .accepted, headers: [("Operation-Location", "/analyze/results/5")])
            }
            return index < 2
                ? ScriptedResponse(body: #"{"status":"running"}"#)
                : ScriptedResponse(body: #"{"status":"succeeded","analyzeResult":{"pages":3}}"#)
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .POST, url: server.baseURL + "/analyze")
        let started = try await http.send(request, logger: logger)
        let polling = OperationPolling.status(
            vendor: "Vision",
            location: .header("Operation-Location"),
            succeeded: ["Succeeded"],
            failed: ["Failed"],
            resultPath: "analyzeResult"
        )
        let outcome = try await http.awaitOperation(polling, started: started, request: request, logger: logger)
        #expect(outcome.result == ["pages": 3] && outcome.status == "succeeded")
    }

    @Test func anOperationThatNeverFinishesIsCutAtMaxPolls() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            request.method == .PUT
                ? ScriptedResponse(status: .accepted, headers: [("Azure-AsyncOperation", "/ops/slow")])
                : ScriptedResponse(body: #"{"status":"InProgress"}"#)
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .PUT, url: server.baseURL + "/vms/slow")
        let started = try await http.send(request, logger: logger)
        do {
            _ = try await http.awaitOperation(
                .azure,
                started: started,
                request: request,
                limits: OperationLimits(maxPolls: 5),
                logger: logger
            )
            Issue.record("expected a timeout")
        } catch {
            #expect(error.code == .timeout)
            #expect(error.message.contains("/ops/slow") && error.message.contains("InProgress"))
        }
        #expect(server.requests.count == 1 + 5)
    }

    @Test func anOperationIsCutAtMaxDuration() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            request.method == .PUT
                ? ScriptedResponse(status: .accepted, headers: [("Azure-AsyncOperation", "/ops/slow")])
                : ScriptedResponse(headers: [("Retry-After", "30")], body: #"{"status":"InProgress"}"#)
        }
        defer { Task { await server.stop() } }
        // Only the clock's own time passes, so a loaded machine cannot change the count.
        let virtual = Mutex<[Duration]>([])
        let clock = RetryClock(
            now: { virtual.withLock { $0.reduce(.zero, +) } },
            sleep: { duration in virtual.withLock { $0.append(duration) } }
        )
        var http = client(RecordingClock())
        let request = VendorRequest(method: .PUT, url: server.baseURL + "/vms/slow")
        let started = try await http.send(request, logger: logger)
        http.clock = clock
        do {
            _ = try await http.awaitOperation(
                .azure,
                started: started,
                request: request,
                limits: OperationLimits(maxDuration: .seconds(100), interval: .seconds(30)),
                logger: logger
            )
            Issue.record("expected a timeout")
        } catch {
            #expect(error.code == .timeout && error.message.contains("100 s"))
        }
        #expect(virtual.withLock { $0 } == [.seconds(30), .seconds(30), .seconds(30)])
    }

    @Test func aStatusURLOnAnotherOriginIsRefused() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                status: .accepted,
                headers: [("Azure-AsyncOperation", "https://collector.example/ops/1")]
            )
        }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        var request = VendorRequest(method: .PUT, url: server.baseURL + "/vms/web")
        request.headers.add(name: "Authorization", value: "Bearer az-token-123")
        let started = try await http.send(request, logger: logger)
        do {
            _ = try await http.awaitOperation(.azure, started: started, request: request, logger: logger)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .vendorError && error.message.contains("collector.example"))
            #expect(!error.message.contains("az-token-123"))
        }
        #expect(server.requests.count == 1)
    }

    @Test func cancellationBetweenPollsEndsTheWait() async throws {
        let clock = RetryClock(now: { .zero }, sleep: { _ in try await Task.sleep(for: .seconds(3600)) })
        let poller = OperationPoller(.azure, clock: clock, secrets: SecretRegistry())
        var headers = HTTPHeaders()
        headers.add(name: "Azure-AsyncOperation", value: "http://127.0.0.1:9/ops/1")
        let started = VendorResponse(status: 202, headers: headers, body: [], requestID: "r", attempts: 1)
        let request = VendorRequest(method: .PUT, url: "http://127.0.0.1:9/vms/web")
        let fetched = Mutex(0)
        let waiting = Task { () async throws(WorkerError) -> OperationOutcome in
            try await poller.wait(started: started, request: request) { _ throws(WorkerError) in
                fetched.withLock { $0 += 1 }
                throw WorkerError(code: .unavailable, message: "not reached")
            }
        }
        waiting.cancel()
        let result = await waiting.result
        guard case .failure(let error) = result else {
            Issue.record("expected cancellation")
            return
        }
        #expect((error as? WorkerError)?.code == .cancelled)
        #expect(fetched.withLock { $0 } == 0)
    }

    @Test func anAnswerThatIsNotAnOperationIsTheResult() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"{"name":"web"}"#) }
        defer { Task { await server.stop() } }
        let http = client(RecordingClock())
        let request = VendorRequest(method: .PUT, url: server.baseURL + "/vms/web")
        let started = try await http.send(request, logger: logger)
        let outcome = try await http.awaitOperation(.azure, started: started, request: request, logger: logger)
        #expect(outcome.polls == 0 && outcome.result == ["name": "web"])
    }
}
