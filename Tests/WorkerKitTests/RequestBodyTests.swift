import Foundation
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("Request bodies: form-urlencoded and multipart")
struct RequestBodyTests {
    @Test(arguments: [
        ("a b", "a+b"), ("a+b", "a%2Bb"), ("x&y=z", "x%26y%3Dz"), ("~*-._", "%7E*-._"), ("é", "%C3%A9"),
        ("🙂", "%F0%9F%99%82"), ("line\nbreak", "line%0Abreak"), ("/?#%", "%2F%3F%23%25"),
    ])
    func formComponentsFollowTheWHATWGSerializer(text: String, encoded: String) {
        #expect(FormURLEncoding.component(text) == encoded)
    }

    @Test func aFormBodyKeepsItsPairsInOrder() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"{"ok":true}"#) }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "Slack", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let request = VendorRequest.form(
            url: server.baseURL + "/api/chat.postMessage",
            fields: [("channel", "C1"), ("text", "deploy done: 100% & green"), ("channel", "C2")]
        )
        _ = try await client.send(request, logger: LogCapture().logger())
        let received = try #require(server.requests.first)
        #expect(received.method == .POST)
        #expect(received.headers.first(name: "content-type") == "application/x-www-form-urlencoded;charset=UTF-8")
        #expect(
            String(decoding: received.body, as: UTF8.self)
                == "channel=C1&text=deploy+done%3A+100%25+%26+green&channel=C2"
        )
    }

    @Test func aMultipartBodyIsExactlyTheHTMLEncoding() throws {
        var form = MultipartForm()
        form.addField(name: "comment", value: "see \"file\"")
        form.addFile(name: "file", filename: "re\"port\r\n.txt", contentType: "text/plain", data: Array("hi\r\n".utf8))
        let (body, contentType) = try form.encoded(boundary: "XyZ")
        #expect(contentType == "multipart/form-data; boundary=XyZ")
        #expect(
            String(decoding: body, as: UTF8.self)
                == "--XyZ\r\nContent-Disposition: form-data; name=\"comment\"\r\n\r\nsee \"file\"\r\n"
                + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"re%22port%0D%0A.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\nhi\r\n\r\n--XyZ--\r\n"
        )
    }

    @Test func theGeneratedBoundaryIsRandomAndNotInAnyPart() throws {
        let first = try MultipartForm(parts: [.field(name: "a", value: "b")]).encoded().contentType
        let second = try MultipartForm(parts: [.field(name: "a", value: "b")]).encoded().contentType
        #expect(first != second)
        let boundary = String(first.dropFirst("multipart/form-data; boundary=".count))
        #expect(boundary.count <= 70)
        // A part that holds a boundary cannot be given that boundary.
        let form = MultipartForm(parts: [.field(name: "a", value: "--\(boundary)--")])
        #expect(throws: WorkerError.self) { _ = try form.encoded(boundary: boundary) }
        let (body, contentType) = try form.encoded()
        let chosen = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        #expect(chosen != boundary)
        #expect(String(decoding: body, as: UTF8.self).components(separatedBy: chosen).count == 3)
    }

    @Test func aMediaTypeWithALineBreakIsRefused() {
        var form = MultipartForm()
        form.addFile(name: "file", filename: "a.txt", contentType: "text/plain\r\nX-Injected: 1", data: [])
        #expect {
            _ = try VendorRequest.multipart(url: "http://127.0.0.1:9/upload", form: form)
        } throws: { error in
            (error as? WorkerError)?.code == .invalidInput
        }
    }

    @Test func aJiraStyleAttachmentArrivesWithItsParts() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"[{"id":"10001"}]"#) }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "Jira", secrets: SecretRegistry(), clock: RecordingClock().clock)
        var form = MultipartForm()
        let pdf: [UInt8] = [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0x0D, 0x0A]
        form.addFile(name: "file", filename: "résumé.pdf", contentType: "application/pdf", data: pdf)
        var request = try VendorRequest.multipart(
            url: server.baseURL + "/rest/api/3/issue/OPS-1/attachments",
            form: form
        )
        request.headers.add(name: "X-Atlassian-Token", value: "no-check")
        _ = try await client.send(request, logger: LogCapture().logger())
        let received = try #require(server.requests.first)
        #expect(received.headers.first(name: "x-atlassian-token") == "no-check")
        // Atlassian's XSRF opt-out is no credential: plans show it and it is never registered as a secret.
        #expect(!HeaderRedaction.isSensitive("X-Atlassian-Token"))
        #expect(HeaderRedaction.isSensitive("X-Auth-Token"))
        let contentType = try #require(received.headers.first(name: "content-type"))
        let delimiter = Array(("--" + contentType.dropFirst("multipart/form-data; boundary=".count)).utf8)
        let parts = Self.parts(received.body, delimiter: delimiter)
        #expect(parts.count == 1)
        let head =
            "Content-Disposition: form-data; name=\"file\"; filename=\"résumé.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
        #expect(parts.first == Array(head.utf8) + pdf)
    }

    /// The parts between `delimiter` lines, each without its trailing CRLF (a minimal RFC 2046 reader).
    static func parts(_ body: [UInt8], delimiter: [UInt8]) -> [[UInt8]] {
        var pieces: [[UInt8]] = []
        var start: Int? = nil
        var index = 0
        while index + delimiter.count <= body.count {
            if body[index..<index + delimiter.count].elementsEqual(delimiter) {
                if let start { pieces.append(Array(body[start..<index - 2])) }
                index += delimiter.count
                if body[index...].starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) { break }
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        return pieces
    }
}
