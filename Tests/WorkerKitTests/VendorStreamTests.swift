import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("VendorHTTPClient: streamed answers")
struct VendorStreamTests {
    private func client(_ secrets: SecretRegistry = SecretRegistry(), clock: RetryClock) -> VendorHTTPClient {
        VendorHTTPClient(vendor: "Kube", secrets: secrets, timeout: .seconds(30), clock: clock)
    }

    @Test func jsonLinesSplitAcrossChunksAreReadAsTheyArrive() async throws {
        let server = try await TestStreamServer.start { _ in
            StreamScript(
                headers: [("x-request-id", "watch-1")],
                chunks: [
                    #"{"type":"ADDED","object":{"name":"a"}}"# + "\n" + #"{"type":"MOD"#,
                    #"IFIED","object":{"name":"a"}}"# + "\r\n\n",
                    #"{"type":"DELETED","object":{"name":"a"}}"#,
                ]
            )
        }
        defer { Task { await server.stop() } }
        let stream = try await client(clock: GatedClock().clock).streamLines(
            VendorRequest(url: server.baseURL + "/api/v1/namespaces/ns/pods?watch=true"),
            logger: LogCapture().logger()
        )
        #expect(stream.status == 200 && stream.requestID == "watch-1")
        var types: [String] = []
        for try await event in stream.jsonValues() { types.append(event["type"]?.stringValue ?? "?") }
        #expect(types == ["ADDED", "MODIFIED", "DELETED"])
        #expect(stream.ending == .completed)
    }

    @Test func aStreamPastTheByteLimitIsCutAndItsConnectionClosed() async throws {
        let line = String(repeating: "x", count: 99) + "\n"
        let server = try await TestStreamServer.start { _ in
            StreamScript(chunks: Array(repeating: line, count: 10), ends: false)
        }
        defer { Task { await server.stop() } }
        let stream = try await client(clock: GatedClock().clock).streamLines(
            VendorRequest(url: server.baseURL + "/log?follow=true"),
            limits: StreamLimits(maxBytes: 350, maxDuration: .seconds(3600)),
            logger: LogCapture().logger()
        )
        var lines: [String] = []
        for try await text in stream { lines.append(text) }
        #expect(lines.count == 3 && lines.allSatisfy { $0.count == 99 })
        #expect(stream.ending == .truncatedAtByteLimit && stream.ending?.isTruncated == true)
        #expect(stream.bytesRead == 350)
        #expect(await server.waitForClosedConnections())
    }

    @Test func aStreamThatNeverEndsStopsAtTheTimeLimit() async throws {
        let server = try await TestStreamServer.start { _ in
            StreamScript(chunks: ["first\n", "second\n"], ends: false)
        }
        defer { Task { await server.stop() } }
        let gate = GatedClock()
        let stream = try await client(clock: gate.clock).streamLines(
            VendorRequest(url: server.baseURL + "/log?follow=true"),
            limits: StreamLimits(maxBytes: 1 << 20, maxDuration: .seconds(60)),
            logger: LogCapture().logger()
        )
        var iterator = stream.makeAsyncIterator()
        #expect(try await iterator.next() == "first")
        #expect(try await iterator.next() == "second")
        #expect(stream.ending == nil)
        gate.open()
        #expect(try await iterator.next() == nil)
        #expect(stream.ending == .truncatedAtTimeLimit)
        #expect(await server.waitForClosedConnections())
    }

    @Test func leavingTheLoopClosesTheConnection() async throws {
        let server = try await TestStreamServer.start { _ in
            StreamScript(chunks: ["one\n", "two\n"], ends: false)
        }
        defer { Task { await server.stop() } }
        let stream = try await client(clock: GatedClock().clock).streamLines(
            VendorRequest(url: server.baseURL + "/log?follow=true"),
            logger: LogCapture().logger()
        )
        for try await line in stream {
            #expect(line == "one")
            break
        }
        #expect(await server.waitForClosedConnections())
    }

    @Test func cancellingTheReadingTaskClosesTheConnection() async throws {
        let server = try await TestStreamServer.start { _ in StreamScript(chunks: ["one\n"], ends: false) }
        defer { Task { await server.stop() } }
        let client = client(clock: GatedClock().clock)
        let url = server.baseURL + "/log?follow=true"
        let reader = Task {
            let stream = try await client.streamLines(VendorRequest(url: url), logger: LogCapture().logger())
            var count = 0
            for try await _ in stream { count += 1 }
            return count
        }
        for _ in 0..<3000 where server.requests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        reader.cancel()
        _ = try? await reader.value
        #expect(await server.waitForClosedConnections())
    }

    @Test func secretsAreScrubbedFromLines() async throws {
        let secrets = SecretRegistry()
        secrets.register("s3cr3t-value-991")
        let server = try await TestStreamServer.start { _ in
            StreamScript(chunks: ["token=s3cr3t-value-991 seen\n"])
        }
        defer { Task { await server.stop() } }
        let stream = try await client(secrets, clock: GatedClock().clock).streamLines(
            VendorRequest(url: server.baseURL + "/log"),
            logger: LogCapture().logger()
        )
        var lines: [String] = []
        for try await line in stream { lines.append(line) }
        #expect(lines.count == 1 && !lines[0].contains("s3cr3t-value-991") && lines[0].hasPrefix("token="))
    }

    @Test func aRefusedStreamThrowsTheSharedCode() async throws {
        let server = try await TestStreamServer.start { _ in
            StreamScript(status: .notFound, chunks: [#"{"message":"pods \"web\" not found"}"#])
        }
        defer { Task { await server.stop() } }
        do {
            _ = try await client(clock: GatedClock().clock).streamLines(
                VendorRequest(url: server.baseURL + "/log"),
                logger: LogCapture().logger()
            )
            Issue.record("expected a failure")
        } catch {
            #expect(error.code == .notFound)
            #expect(error.message.contains("not found"))
        }
    }

    @Test func aLineThatIsNotJSONIsNamed() async throws {
        let server = try await TestStreamServer.start { _ in StreamScript(chunks: ["{\"a\":1}\n", "nope\n"]) }
        defer { Task { await server.stop() } }
        let stream = try await client(clock: GatedClock().clock).streamLines(
            VendorRequest(url: server.baseURL + "/events"),
            logger: LogCapture().logger()
        )
        var values: [JSONValue] = []
        do {
            for try await value in stream.jsonValues() { values.append(value) }
            Issue.record("expected a failure")
        } catch let error as WorkerError {
            #expect(error.code == .vendorError && error.message.contains("Line 2"))
        }
        #expect(values == [["a": 1]])
    }
}
