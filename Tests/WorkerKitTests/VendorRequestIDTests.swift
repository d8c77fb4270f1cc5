import NIOHTTP1
import Testing
import WorkerKit

@Suite("VendorHTTPClient: the vendor's request id, without a vendor list")
struct VendorRequestIDTests {
    @Test(arguments: [
        ("x-acme-request-id", "A-1"), ("x-amzn-requestid", "A-2"), ("x-chat-req-id", "A-3"), ("x-request-id", "A-4"),
        ("x-correlation-id", "A-5"),
    ])
    func aVendorSpellingOfTheRequestIDIsFound(header: String, value: String) async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .notFound, headers: [(header, value)], body: #"{"message":"Not Found"}"#)
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        do {
            _ = try await client.call(VendorRequest(url: server.baseURL + "/x"), logger: LogCapture().logger())
            Issue.record("expected a failure")
        } catch {
            #expect(error.response?.requestID == value)
        }
    }

    @Test func aHeaderThatOnlyLooksAlikeIsNotTheRequestID() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(status: .notFound, headers: [("x-request-identity", "no")], body: "{}")
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        do {
            _ = try await client.call(VendorRequest(url: server.baseURL + "/x"), logger: LogCapture().logger())
            Issue.record("expected a failure")
        } catch {
            #expect(error.response?.requestID != "no")
        }
    }
}
