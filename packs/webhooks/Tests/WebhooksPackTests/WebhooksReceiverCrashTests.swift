import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTP1
import PackTesting
import StructuredData
import Synchronization
import Testing
import WebhooksWorker

/// The `cordum-webhooks receiver` executable killed between accepting a delivery and answering it: the sender sees
/// a failure and retries, and the event starts exactly one run — whether the host had recorded it or not.
@Suite("Webhooks receiver killed mid-delivery", .serialized)
struct WebhooksReceiverCrashTests {
    /// Where the stand-in host proxy holds the first run start.
    enum Hold: Sendable {
        /// Before forwarding it: the host never saw it.
        case beforeHost
        /// After the host answered: the run is recorded, the receiver never learns its id.
        case afterHost
    }

    @Test(
        "killed between accepting and answering, before or after the host recorded the start: the retry starts one run",
        arguments: [Hold.beforeHost, .afterHost]
    )
    func killedMidDelivery(_ hold: Hold) async throws {
        try await ReceiverHarness.withHost { _, host in
            let proxy = try await HoldingProxy.start(forwardingTo: host, hold: hold)
            do {
                try await run(proxy: proxy, host: host)
            } catch {
                await proxy.stop()
                throw error
            }
            await proxy.stop()
        }
    }

    private func run(proxy: HoldingProxy, host: String) async throws {
        let delivery = ReceiverHarness.github(delivery: "d-crash-\(UUID().uuidString)")
        let port = try freePort()
        let first = try startReceiver(port: port, hostURL: proxy.baseURL)
        try await waitForHealth(port: port)
        // The first attempt: the proxy holds the host call, the test kills the receiver.
        let attempt = Task { try await post(port: port, delivery) }
        try await proxy.waitForHold()
        first.stop()
        let failed = await attempt.result
        #expect((try? failed.get()).map { $0.status != 201 } ?? true)
        // The sender retries the same delivery against a restarted receiver.
        let second = try startReceiver(port: port, hostURL: proxy.baseURL)
        do {
            try await waitForHealth(port: port)
            let retried = try await post(port: port, delivery)
            #expect(retried.status == 201, "\(retried.body)")
            let runIDs = try await ReceiverHarness.runIDs(host: host)
            #expect(runIDs.count == 1)
            #expect(runIDs.first == retried.body["run_id"]?.stringValue)
        } catch {
            second.stop()
            throw error
        }
        second.stop()
    }

    func startReceiver(port: Int, hostURL: String) throws -> ChildProcess {
        var environment = ReceiverHarness.environment
        environment["CORDUM_WEBHOOKS_SOURCES"] = ReceiverHarness.sourcesJSON
        environment["CORDUM_WEBHOOKS_HOST_URL"] = hostURL
        environment["CORDUM_WEBHOOKS_RECEIVER_ADDRESS"] = "127.0.0.1:\(port)"
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        return try ChildProcess(try Self.executable(), ["receiver"], environment: environment)
    }

    func post(port: Int, _ delivery: (headers: [String: String], body: [UInt8])) async throws
        -> (status: Int, body: JSONValue)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/github")
        request.method = .POST
        for (name, value) in delivery.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: delivery.body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), (try? JSONParser.parse(Array(buffer: body), file: "answer").value) ?? .null)
    }

    func waitForHealth(port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/_health")
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(5)),
                response.status == .ok
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw HarnessFailure(description: "the receiver on port \(port) did not come up")
    }

    /// A free loopback port (bound and released).
    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw HarnessFailure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The built `cordum-webhooks` next to the test bundle (or in the package's `.build/debug`).
    static func executable() throws -> String {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("cordum-webhooks"))
            folder.deleteLastPathComponent()
        }
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" {
            root.deleteLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/cordum-webhooks"))
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw HarnessFailure(description: "cordum-webhooks is not built; run swift build --build-tests first")
        }
        return found.path
    }
}

/// A stand-in for the host's address that forwards run starts to the real host, but holds the first one forever
/// (before or after forwarding it) and signals that it holds it.
final class HoldingProxy: Sendable {
    /// Set when the proxy stops: a held request then ends.
    final class Flag: Sendable {
        let value = Mutex(false)
    }

    let baseURL: String
    private let task: Task<Void, any Error>
    private let held: AsyncStream<Void>
    private let released: Flag

    private init(baseURL: String, task: Task<Void, any Error>, held: AsyncStream<Void>, released: Flag) {
        self.baseURL = baseURL
        self.task = task
        self.held = held
        self.released = released
    }

    static func start(forwardingTo host: String, hold: WebhooksReceiverCrashTests.Hold) async throws -> HoldingProxy {
        let holding = AsyncStream<Void>.makeStream()
        let released = Flag()
        let count = CountBox()
        let router = Router()
        router.post("/api/v1/workflows/**") { request, _ -> Response in
            let number = count.next()
            let body = try await request.body.collect(upTo: 1 << 20)
            if number == 1, hold == .beforeHost {
                holding.continuation.yield()
                try await Self.holdUntil(released)
            }
            var forwarded = HTTPClientRequest(url: host + request.uri.description)
            forwarded.method = .POST
            for field in request.headers where field.name.canonicalName != "host" && field.name != .contentLength {
                forwarded.headers.add(name: field.name.rawName, value: field.value)
            }
            forwarded.body = .bytes(body)
            let answer = try await HTTPClient.shared.execute(forwarded, timeout: .seconds(60))
            let answerBody = try await answer.body.collect(upTo: 1 << 20)
            if number == 1, hold == .afterHost {
                holding.continuation.yield()
                try await Self.holdUntil(released)
            }
            return Response(
                status: HTTPResponse.Status(code: Int(answer.status.code)),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: answerBody)
            )
        }
        let port = AsyncStream<Int>.makeStream()
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.continuation.yield(channel.localAddress?.port ?? 0) }
        )
        let task = Task {
            defer { port.continuation.finish() }
            try await app.runService()
        }
        var ports = port.stream.makeAsyncIterator()
        guard let bound = await ports.next() else { throw HarnessFailure(description: "the proxy did not start") }
        return HoldingProxy(baseURL: "http://127.0.0.1:\(bound)", task: task, held: holding.stream, released: released)
    }

    /// Holds a request until the proxy stops, then fails it.
    static func holdUntil(_ released: Flag) async throws {
        while !released.value.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(50)) }
        throw HarnessFailure(description: "the proxy stopped while holding a run start")
    }

    /// Waits until the first run start is held.
    func waitForHold() async throws {
        var iterator = held.makeAsyncIterator()
        guard await iterator.next() != nil else {
            throw HarnessFailure(description: "the proxy never held a run start")
        }
    }

    func stop() async {
        released.value.withLock { $0 = true }
        task.cancel()
        _ = await task.result
    }
}

/// Numbers the proxy's requests.
final class CountBox: Sendable {
    private let value = Mutex(0)

    func next() -> Int {
        value.withLock { count in
            count += 1
            return count
        }
    }
}
