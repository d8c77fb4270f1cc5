import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("JSON bodies keep a +json media type")
struct JSONBodyTypeTests {
    @Test(arguments: [
        ("application/strategic-merge-patch+json", "application/strategic-merge-patch+json"),
        ("application/merge-patch+json", "application/merge-patch+json"),
        ("application/vnd.api+json; charset=utf-8", "application/vnd.api+json; charset=utf-8"),
        ("application/json; charset=utf-8", "application/json"),
        ("text/plain", "application/json"),
    ])
    func contentType(given: String, sent: String) {
        let request = VendorRequest.json(
            .PATCH,
            url: "https://api.example.com/x",
            body: ["spec": ["replicas": 3]],
            headers: ["Content-Type": given]
        )
        #expect(request.headers["Content-Type"] == [sent])
        #expect(request.body.map { String(decoding: $0, as: UTF8.self) } == #"{"spec":{"replicas":3}}"#)
    }

    @Test func withoutAGivenTypeTheBodyIsApplicationJSON() {
        let request = VendorRequest.json(.POST, url: "https://api.example.com/x", body: ["a": 1])
        #expect(request.headers["Content-Type"] == ["application/json"])
    }
}
