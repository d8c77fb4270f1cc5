import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import SlackWorker
import StructuredData
import Testing

/// The interactivity listener over HTTP: Slack's request handed to the receiver as received, its answer returned.
@Suite("Slack interactivity listener")
struct SlackInteractivityServerTests {
    @Test("a signed press posted to /slack/interactivity decides; a wrongly signed one is refused with 401")
    func listens() async throws {
        let helper = SlackApprovalReceiverTests()
        let decider = SlackApprovalReceiverTests.RecordingDecider()
        let server = SlackInteractivityServer(
            receiver: helper.receiver(decider),
            host: "127.0.0.1",
            port: 0,
            logger: Logger(label: "test")
        )
        let port = AsyncStream<Int>.makeStream()
        let serving = Task {
            defer { port.continuation.finish() }
            try await server.makeApplication { bound in port.continuation.yield(bound) }.runService()
        }
        var ports = port.stream.makeAsyncIterator()
        let bound = await ports.next()
        func post(_ headers: [String: String], _ body: [UInt8]) async throws -> (Int, JSONValue) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(bound ?? 0)\(SlackInteractivityServer.path)")
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            let answer = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), (try? JSONParser.parse(String(buffer: answer))) ?? .null)
        }
        do {
            #expect(bound != nil)
            let body = helper.body()
            let now = Date()
            let forged = try await post(helper.headers(body, at: now, secret: "not-the-signing-secret"), body)
            #expect(forged.0 == 401)
            #expect(await decider.calls.isEmpty)
            let (status, answer) = try await post(helper.headers(body, at: now), body)
            #expect(status == 200)
            #expect(answer["text"]?.stringValue?.contains("Approved by alice@example.com") == true)
            let calls = await decider.calls
            #expect(calls.count == 1 && calls.first?.digest == "sha256:abc" && calls.first?.person == "U0ALICE")
        } catch {
            serving.cancel()
            _ = await serving.result
            throw error
        }
        serving.cancel()
        _ = await serving.result
    }

    @Test("CORDUM_SLACK_INTERACTIVITY_ADDR is HOST:PORT")
    func address() {
        #expect(SlackInteractivityServer.address("127.0.0.1:3000")! == ("127.0.0.1", 3000))
        #expect(SlackInteractivityServer.address(":3000")! == ("0.0.0.0", 3000))
        #expect(SlackInteractivityServer.address("localhost") == nil)
        #expect(SlackInteractivityServer.address("h:70000") == nil)
    }
}
