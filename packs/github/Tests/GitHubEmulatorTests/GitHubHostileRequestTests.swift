import GitHubEmulator
import StructuredData
import Testing

/// Hostile bodies and query values on the GitHub emulator's routes: every one gets an answer and the server keeps
/// serving.
@Suite("GitHub emulator under hostile requests")
struct GitHubHostileRequestTests {
    static let writes: [(String, String)] = [
        ("POST", "/repos/acme/widgets/issues"), ("PATCH", "/repos/acme/widgets/issues/1"),
        ("POST", "/repos/acme/widgets/issues/1/comments"), ("POST", "/repos/acme/widgets/issues/1/labels"),
        ("POST", "/repos/acme/widgets/pulls"), ("POST", "/repos/acme/widgets/pulls/4/reviews"),
        ("PUT", "/repos/acme/widgets/pulls/4/merge"), ("POST", "/repos/acme/widgets/releases"),
        ("POST", "/repos/acme/widgets/git/refs"), ("POST", "/app/installations/1/access_tokens"),
    ]
    static let bodies: [String] = [
        "", "{", "null", "[]", "42", "\"x\"", String(repeating: "[", count: 20_000),
        #"{"title": 9223372036854775807, "body": [], "labels": {}, "ref": 1, "sha": null, "tag_name": 1e400}"#,
        #"{"title": "", "head": ":", "base": "", "event": "NOPE", "merge_method": 7}"#,
    ]
    static let reads: [String] = [
        "/repos/acme/widgets/issues?page=9223372036854775807&per_page=100",
        "/repos/acme/widgets/issues?page=-9223372036854775808&per_page=-1",
        "/repos/acme/widgets/pulls?per_page=9223372036854775807&state=%ZZ",
        "/repos/acme/widgets/issues/99999999999999999999999", "/repos/acme/widgets/pulls/-1/files",
        "/search/issues?q=%00%00-:::", "/repos/%2F%2F/%00", "/repos/acme/widgets/contents/%2E%2E/%2E%2E",
        "/repos/acme/widgets/compare/...", "/repos/acme/widgets/commits/%FF/status",
    ]

    @Test func everyRouteAnswersHostileInputAndTheServerStaysUp() async throws {
        let emulator = try await GitHubEmulator.start()
        defer { Task { await emulator.stop() } }
        let client = GitHubTestClient(baseURL: emulator.baseURL)
        for (method, path) in Self.writes {
            for body in Self.bodies {
                let answer = try await client.sendRaw(method, path, body: body)
                #expect((200...599).contains(answer.status), "\(method) \(path)")
            }
        }
        for target in Self.reads {
            #expect((200...599).contains(try await client.get(target).status), "\(target)")
        }
        #expect(try await client.get("/repos/acme/widgets").status == 200)
    }
}
