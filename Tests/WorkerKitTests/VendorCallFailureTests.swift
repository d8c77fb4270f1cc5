import Foundation
import Logging
import NIOCore
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("VendorHTTPClient.call: failures carry the vendor's answer")
struct VendorCallFailureTests {
    @Test func aStatusFailureKeepsTheAnswer() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(
                status: .unprocessableEntity,
                headers: [("x-github-request-id", "GH-1"), ("x-ratelimit-remaining", "41")],
                body: #"{"message":"Validation Failed","errors":[{"field":"tag_name","code":"already_exists"}]}"#
            )
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        do {
            _ = try await client.call(VendorRequest(url: server.baseURL + "/x"), logger: LogCapture().logger())
            Issue.record("expected a failure")
        } catch {
            #expect(error.error.code == .validationFailed)
            let response = try #require(error.response)
            #expect(response.status == 422)
            #expect(response.requestID == "GH-1")
            #expect(response.headers.first(name: "x-ratelimit-remaining") == "41")
            #expect(try response.json()["errors"]?[0]?["code"] == "already_exists")
        }
        // send throws the same error without the answer.
        await #expect(throws: WorkerError.self) {
            _ = try await client.send(VendorRequest(url: server.baseURL + "/x"), logger: LogCapture().logger())
        }
    }

    @Test func aTimeoutHasNoAnswer() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(delay: .seconds(2)) }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(
            vendor: "acme",
            secrets: SecretRegistry(),
            retry: .none,
            timeout: .milliseconds(200),
            clock: RecordingClock().clock
        )
        do {
            _ = try await client.call(VendorRequest(url: server.baseURL + "/slow"), logger: LogCapture().logger())
            Issue.record("expected a failure")
        } catch {
            #expect(error.error.code == .timeout)
            #expect(error.response == nil)
        }
    }

    @Test func nextPageRequestStaysOnTheOrigin() throws {
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry())
        let first = VendorRequest(url: "https://api.example.com/items?page=1", headers: ["Accept": "json"])
        let next = try client.nextPageRequest(after: first, link: "/items?page=2")
        #expect(next.url == "https://api.example.com/items?page=2")
        #expect(next.headers.first(name: "Accept") == "json")
        #expect(throws: WorkerError.self) {
            _ = try client.nextPageRequest(after: first, link: "https://evil.example.com/items?page=2")
        }
    }
}

extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? {
        guard let items = arrayValue, items.indices.contains(index) else { return nil }
        return items[index]
    }
}
