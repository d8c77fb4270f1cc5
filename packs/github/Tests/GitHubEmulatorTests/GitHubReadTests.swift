import Foundation
import GitHubEmulator
import StructuredData
import Testing

@Suite("GitHub emulator: reads")
struct GitHubReadTests {
    @Test("GET a repository: shape, request id, rate-limit headers")
    func repository() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let answer = try await client.get("/repos/acme/widgets")
        #expect(answer.status == 200)
        #expect(answer.json?["full_name"] == "acme/widgets")
        #expect(answer.json?["default_branch"] == "main")
        #expect(answer.json?["owner"]?["login"] == "acme")
        #expect(answer.json?["url"]?.stringValue == "\(emulator.baseURL)/repos/acme/widgets")
        #expect(answer.headers["x-github-request-id"]?.isEmpty == false)
        #expect(answer.headers["x-ratelimit-limit"] == "5000")
        #expect(answer.headers["x-ratelimit-remaining"] == "4999")
        #expect(answer.headers["x-ratelimit-used"] == "1")
        #expect(answer.headers["x-ratelimit-resource"] == "core")
        #expect(Int(answer.headers["x-ratelimit-reset"] ?? "") != nil)
        let missing = try await client.get("/repos/acme/nothing")
        #expect(missing.status == 404)
        #expect(missing.json?["message"] == "Not Found")
        #expect(missing.json?["documentation_url"]?.stringValue?.hasPrefix("https://docs.github.com") == true)
        #expect(missing.headers["x-ratelimit-remaining"] == "4998")
    }

    @Test("issues: get, list with state/labels/assignee filters, pagination links, comments")
    func issues() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let issue = try await client.get("/repos/acme/widgets/issues/1")
        #expect(issue.json?["title"] == "Widgets crash on empty input")
        #expect(issue.json?["labels"]?[0]?["name"] == "bug")
        #expect(issue.json?["assignees"]?[0]?["login"] == "alice")
        #expect(issue.json?["comments"] == 2)
        #expect(try await client.get("/repos/acme/widgets/issues/99").status == 404)

        let open = try await client.get("/repos/acme/widgets/issues")
        // Open issues #1, #2 and the open pull request #4, newest first.
        #expect(open.json?.arrayValue?.compactMap { $0["number"]?.intValue } == [4, 2, 1])
        #expect(open.json?[0]?["pull_request"] != nil)
        let closed = try await client.get("/repos/acme/widgets/issues?state=closed")
        #expect(closed.json?.arrayValue?.compactMap { $0["number"]?.intValue } == [3])
        let bugs = try await client.get("/repos/acme/widgets/issues?labels=bug&assignee=alice")
        #expect(bugs.json?.arrayValue?.compactMap { $0["number"]?.intValue } == [1])
        let ascending = try await client.get("/repos/acme/widgets/issues?state=all&direction=asc&per_page=2")
        #expect(ascending.json?.arrayValue?.compactMap { $0["number"]?.intValue } == [1, 2])
        let link = try #require(ascending.headers["link"])
        #expect(link.contains("rel=\"next\""))
        #expect(
            link.contains("\(emulator.baseURL)/repos/acme/widgets/issues?state=all&direction=asc&per_page=2&page=2")
        )
        #expect(try await client.get("/repos/acme/widgets/issues?state=weird").status == 422)

        let comments = try await client.get("/repos/acme/widgets/issues/1/comments")
        #expect(comments.json?.arrayValue?.count == 2)
        #expect(comments.json?[0]?["user"]?["login"] == "alice")
        #expect(comments.json?[0]?["body"] == "I can reproduce this on main.")
    }

    @Test("pull requests: get (head sha, mergeable), list, files, reviews")
    func pulls() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let head = try #require(GitHubDemo.pullHeadSHA(in: emulator.state))
        let pull = try await client.get("/repos/acme/widgets/pulls/4")
        #expect(pull.status == 200)
        #expect(pull.json?["head"]?["sha"]?.stringValue == head)
        #expect(pull.json?["head"]?["ref"] == "feature/faster-widgets")
        #expect(pull.json?["base"]?["ref"] == "main")
        #expect(pull.json?["mergeable"] == true)
        #expect(pull.json?["merged"] == false)
        #expect(pull.json?["mergeable_state"] == "clean")
        #expect(pull.json?["changed_files"] == 2)
        #expect(try await client.get("/repos/acme/widgets/pulls/1").status == 404)

        let list = try await client.get("/repos/acme/widgets/pulls")
        #expect(list.json?.arrayValue?.count == 1)
        let byHead = try await client.get("/repos/acme/widgets/pulls?head=acme:feature/faster-widgets&base=main")
        #expect(byHead.json?.arrayValue?.count == 1)
        #expect(try await client.get("/repos/acme/widgets/pulls?state=closed").json?.arrayValue?.isEmpty == true)

        let files = try await client.get("/repos/acme/widgets/pulls/4/files")
        let names = files.json?.arrayValue?.compactMap { $0["filename"]?.stringValue }
        #expect(names == ["Sources/Widgets/Cache.swift", "Sources/Widgets/Widget.swift"])
        #expect(files.json?[0]?["status"] == "added")
        #expect(files.json?[1]?["status"] == "modified")
        #expect(files.json?[1]?["additions"] == 1)
        #expect(files.json?[1]?["patch"]?.stringValue?.contains("+    var cached: Bool = true") == true)

        let reviews = try await client.get("/repos/acme/widgets/pulls/4/reviews")
        #expect(reviews.json?[0]?["state"] == "APPROVED")
        #expect(reviews.json?[0]?["user"]?["login"] == "bob")
        #expect(reviews.json?[0]?["commit_id"]?.stringValue == head)
    }

    @Test("check runs and the combined status of a ref")
    func checks() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let checks = try await client.get("/repos/acme/widgets/commits/feature/faster-widgets/check-runs")
        #expect(checks.json?["total_count"] == 2)
        let runs = checks.json?["check_runs"]?.arrayValue ?? []
        #expect(Set(runs.compactMap { $0["name"]?.stringValue }) == ["build", "test"])
        #expect(runs.allSatisfy { $0["conclusion"] == "success" && $0["status"] == "completed" })
        let filtered = try await client.get(
            "/repos/acme/widgets/commits/feature/faster-widgets/check-runs?check_name=build"
        )
        #expect(filtered.json?["total_count"] == 1)

        let sha = try #require(GitHubDemo.pullHeadSHA(in: emulator.state))
        let status = try await client.get("/repos/acme/widgets/commits/\(sha)/status")
        #expect(status.json?["state"] == "success")
        #expect(status.json?["total_count"] == 1)
        #expect(status.json?["statuses"]?[0]?["context"] == "ci/lint")
        try emulator.state.addStatus("acme/widgets", sha: sha, context: "ci/e2e", state: "failure")
        #expect(try await client.get("/repos/acme/widgets/commits/\(sha)/status").json?["state"] == "failure")
        let main = try await client.get("/repos/acme/widgets/commits/main/status")
        #expect(main.json?["state"] == "pending")
        #expect(main.json?["total_count"] == 0)
        #expect(try await client.get("/repos/acme/widgets/commits/nope/status").status == 422)
    }

    @Test("compare two refs: status, ahead/behind, commits and files")
    func compare() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let answer = try await client.get("/repos/acme/widgets/compare/main...feature/faster-widgets")
        #expect(answer.status == 200)
        #expect(answer.json?["status"] == "ahead")
        #expect(answer.json?["ahead_by"] == 1)
        #expect(answer.json?["behind_by"] == 0)
        #expect(answer.json?["commits"]?[0]?["commit"]?["message"] == "Cache widget layouts")
        #expect(answer.json?["files"]?.arrayValue?.count == 2)
        let reverse = try await client.get("/repos/acme/widgets/compare/feature/faster-widgets...main")
        #expect(reverse.json?["status"] == "behind")
        #expect(try await client.get("/repos/acme/widgets/compare/main...main").json?["status"] == "identical")
        #expect(try await client.get("/repos/acme/widgets/compare/main...nope").status == 404)
    }

    @Test("contents: a file in base64, a directory listing, a ref, 404")
    func contents() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let readme = try await client.get("/repos/acme/widgets/contents/README.md")
        #expect(readme.json?["type"] == "file")
        #expect(readme.json?["encoding"] == "base64")
        let encoded = readme.json?["content"]?.stringValue?.replacingOccurrences(of: "\n", with: "") ?? ""
        let decoded = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
        #expect(decoded == "# widgets\n\nWidgets for every occasion.\n")
        #expect(readme.json?["size"] == .integer(decoded?.utf8.count ?? -1))
        let directory = try await client.get("/repos/acme/widgets/contents/Sources/Widgets")
        #expect(directory.json?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Widget.swift"])
        let onBranch = try await client.get("/repos/acme/widgets/contents/Sources/Widgets?ref=feature/faster-widgets")
        #expect(onBranch.json?.arrayValue?.count == 2)
        let root = try await client.get("/repos/acme/widgets/contents")
        #expect(root.json?.arrayValue?.compactMap { $0["type"]?.stringValue }.sorted() == ["dir", "dir", "file"])
        #expect(try await client.get("/repos/acme/widgets/contents/missing.txt").status == 404)
    }

    @Test("search issues: repo, is, label, plain words; total_count and items")
    func search() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        func numbers(_ query: String) async throws -> [Int] {
            let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
            let answer = try await client.get("/search/issues?q=\(encoded)")
            #expect(answer.status == 200)
            #expect(answer.json?["incomplete_results"] == false)
            #expect(answer.json?["total_count"]?.intValue == answer.json?["items"]?.arrayValue?.count)
            return (answer.json?["items"]?.arrayValue ?? []).compactMap { $0["number"]?.intValue }.sorted()
        }
        #expect(try await numbers("repo:acme/widgets is:issue is:open") == [1, 2])
        #expect(try await numbers("repo:acme/widgets is:pr") == [4])
        #expect(try await numbers("repo:acme/widgets label:bug") == [1])
        #expect(try await numbers("repo:acme/widgets is:closed") == [3])
        #expect(try await numbers("crash empty repo:acme/widgets") == [1])
        #expect(try await numbers("label:\"good first issue\"") == [])
        #expect(try await numbers("repo:acme/widgets -label:bug is:issue") == [2, 3])
        let search = try await client.get("/search/issues?q=repo:acme/widgets")
        #expect(search.headers["x-ratelimit-resource"] == "search")
        #expect(search.headers["x-ratelimit-limit"] == "30")
        #expect(try await client.get("/search/issues").status == 422)
    }

    @Test("releases: list newest first, latest skips drafts and prereleases, by tag")
    func releases() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let list = try await client.get("/repos/acme/widgets/releases")
        #expect(
            list.json?.arrayValue?.compactMap { $0["tag_name"]?.stringValue } == [
                "v1.2.0", "v1.2.0-rc.1", "v1.1.0", "v1.0.0",
            ]
        )
        let latest = try await client.get("/repos/acme/widgets/releases/latest")
        #expect(latest.json?["tag_name"] == "v1.1.0")
        #expect(latest.json?["draft"] == false)
        let byTag = try await client.get("/repos/acme/widgets/releases/tags/v1.0.0")
        #expect(byTag.json?["name"] == "v1.0.0")
        let id = try #require(byTag.json?["id"]?.intValue)
        #expect(try await client.get("/repos/acme/widgets/releases/\(id)").json?["tag_name"] == "v1.0.0")
    }

    @Test("GETs carry an ETag; a matching If-None-Match gets 304 and is not counted")
    func conditionalRequests() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let first = try await client.get("/repos/acme/widgets/issues/1")
        let tag = try #require(first.headers["etag"])
        let second = try await client.send("GET", "/repos/acme/widgets/issues/1", headers: ["If-None-Match": tag])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(second.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"])
        _ = try await client.send("PATCH", "/repos/acme/widgets/issues/1", json: ["title": "Changed"])
        #expect(
            try await client.send("GET", "/repos/acme/widgets/issues/1", headers: ["If-None-Match": tag]).status == 200
        )
    }
}
