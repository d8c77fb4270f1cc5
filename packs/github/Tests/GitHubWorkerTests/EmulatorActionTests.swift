import EmulatorKit
import Foundation
import GitHubEmulator
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Every action against the GitHub emulator's demo world, with the contract's output.
@Suite("GitHub worker actions against the emulator")
struct EmulatorActionTests {
    /// The common output members of a call that reached GitHub.
    func expectAudit(_ output: JSONValue, _ action: String, status: Int = 200) {
        #expect(output["action"] == .string(action))
        #expect(output["profile"] == "demo")
        #expect(output["status_code"] == .integer(status))
        #expect(output["request_id"]?.stringValue?.isEmpty == false)
        #expect(output["duration_ms"]?.intValue != nil)
        let search = action == "search.issues"
        #expect(output["rate_limit"]?["limit"] == (search ? 30 : 5000))
        #expect(output["rate_limit"]?["resource"] == (search ? "search" : "core"))
    }

    @Test func everyReadAction() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let sha = try #require(GitHubDemo.pullHeadSHA(in: harness.emulator.state))

        let repo = try #require(await harness.run("repos.get").output)
        expectAudit(repo, "repos.get")
        #expect(repo["repo"] == "acme/widgets")
        #expect(repo["result"]?["full_name"] == "acme/widgets")

        let issue = try #require(await harness.run("issues.get", ["issue_number": 1]).output)
        expectAudit(issue, "issues.get")
        #expect(issue["result"]?["title"] == "Widgets crash on empty input")

        let issues = try #require(await harness.run("issues.list", ["state": "all", "labels": ["bug"]]).output)
        expectAudit(issues, "issues.list")
        #expect(issues["items"]?.arrayValue?.map { $0["number"] } == [1])
        #expect(issues["pages"] == 1 && issues["truncated"] == false)

        let comments = try #require(await harness.run("issues.comments.list", ["issue_number": 1]).output)
        #expect(comments["items"]?.arrayValue?.count == 2)

        let pull = try #require(await harness.run("pulls.get", ["pull_number": 4]).output)
        #expect(pull["result"]?["head"]?["sha"] == .string(sha))

        let pulls = try #require(await harness.run("pulls.list", ["state": "open"]).output)
        #expect(pulls["items"]?.arrayValue?.map { $0["number"] } == [4])

        let files = try #require(await harness.run("pulls.files", ["pull_number": 4]).output)
        #expect(
            Set(files["items"]?.arrayValue?.compactMap { $0["filename"]?.stringValue } ?? [])
                == ["Sources/Widgets/Widget.swift", "Sources/Widgets/Cache.swift"]
        )

        let reviews = try #require(await harness.run("pulls.reviews.list", ["pull_number": 4]).output)
        #expect(reviews["items"]?.arrayValue?.first?["state"] == "APPROVED")

        let checks = try #require(await harness.run("checks.list", ["ref": .string(sha)]).output)
        expectAudit(checks, "checks.list")
        #expect(Set(checks["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []) == ["build", "test"])
        #expect(checks["total_count"] == 2)

        let status = try #require(await harness.run("commits.status", ["ref": .string(sha)]).output)
        #expect(status["result"]?["state"] == "success")

        let compare = try #require(
            await harness.run("commits.compare", ["base": "main", "head": "feature/faster-widgets"]).output
        )
        #expect(compare["result"]?["ahead_by"] == 1)

        let contents = try #require(await harness.run("contents.get", ["path": "docs/sizes.md", "ref": "main"]).output)
        #expect(contents["result"]?["path"] == "docs/sizes.md")

        let search = try #require(await harness.run("search.issues", ["q": "repo:acme/widgets is:issue crash"]).output)
        expectAudit(search, "search.issues")
        #expect(search["items"]?.arrayValue?.map { $0["number"] } == [1])
        #expect(search["repo"] == nil)

        let releases = try #require(await harness.run("releases.list").output)
        #expect((releases["items"]?.arrayValue?.count ?? 0) >= 3)

        let latest = try #require(await harness.run("releases.latest").output)
        #expect(latest["result"]?["tag_name"] == "v1.1.0")

        // Every request carried GitHub's headers.
        for request in harness.requests(nil, "/repos/**") {
            #expect(request.headers["accept"] == "application/vnd.github+json")
            #expect(request.headers["x-github-api-version"] == "2022-11-28")
            #expect(request.headers["user-agent"] == "cordum-github/0.2.0")
        }
    }

    @Test func everyWriteAction() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let state = harness.emulator.state

        let created = try #require(
            await harness.run("issues.create", ["title": "New bug", "body": "Details", "labels": ["bug"]]).output
        )
        expectAudit(created, "issues.create", status: 201)
        #expect(created["dry_run"] == false)
        let number = try #require(created["result"]?["number"]?.intValue)
        #expect(created["result"]?["html_url"]?.stringValue?.hasSuffix("/acme/widgets/issues/\(number)") == true)
        #expect(state.issue("acme/widgets", number)?["title"] == "New bug")

        let comment = try #require(
            await harness.run("issues.comment", ["issue_number": .integer(number), "body": "On it"]).output
        )
        #expect(comment["status_code"] == 201 && comment["result"]?["id"]?.intValue != nil)
        #expect(state.comments("acme/widgets", issue: number).count == 1)

        let labels = try #require(
            await harness.run("labels.add", ["issue_number": .integer(number), "labels": ["enhancement"]]).output
        )
        #expect(labels["status_code"] == 200)

        let updated = try #require(
            await harness.run(
                "issues.update",
                ["issue_number": .integer(number), "state": "closed", "state_reason": "completed"]
            ).output
        )
        #expect(updated["result"]?["state"] == "closed")
        #expect(state.issue("acme/widgets", number)?["state"] == "closed")

        _ = try state.createBranch("acme/widgets", name: "feature/docs", from: "main")
        _ = try state.commit("acme/widgets", branch: "feature/docs", files: ["docs/new.md": "new\n"], message: "Docs")
        let pull = try #require(
            await harness.run(
                "pulls.create",
                ["title": "Docs", "head": "feature/docs", "base": "main", "draft": false]
            ).output
        )
        #expect(pull["status_code"] == 201)
        let pullNumber = try #require(pull["result"]?["number"]?.intValue)

        let review = try #require(
            await harness.run(
                "pulls.review.create",
                ["pull_number": .integer(pullNumber), "event": "COMMENT", "body": "Nice"]
            ).output
        )
        #expect(review["result"]?["state"] == "COMMENTED")

        let release = try #require(
            await harness.run("releases.create", ["tag_name": "v2.0.0", "name": "v2.0.0", "target_commitish": "main"])
                .output
        )
        #expect(release["status_code"] == 201)
        let releaseID = try #require(release["result"]?["id"]?.intValue)

        let sha = try #require(GitHubDemo.pullHeadSHA(in: state))
        let merge = try #require(
            await harness.run(
                "pulls.merge",
                ["pull_number": 4, "expected_head_sha": .string(sha), "merge_method": "squash"]
            ).output
        )
        #expect(merge["status_code"] == 200)
        #expect(merge["result"]?["merged"] == true)
        #expect(merge["result"]?["sha"]?.stringValue?.count == 40)

        let deleted = try #require(await harness.run("refs.delete", ["branch": "feature/faster-widgets"]).output)
        #expect(deleted["status_code"] == 204)
        #expect(deleted["result"] == ["deleted": true, "ref": "heads/feature/faster-widgets"])
        #expect(state.branchSHA("acme/widgets", "feature/faster-widgets") == nil)

        let gone = try #require(await harness.run("releases.delete", ["release_id": .integer(releaseID)]).output)
        #expect(gone["result"] == ["deleted": true, "release_id": .integer(releaseID)])
        #expect(!state.releases("acme/widgets").contains { $0["id"]?.intValue == releaseID })
    }

    /// A dry run of every write sends nothing to GitHub and changes nothing.
    @Test func dryRunsChangeNothing() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let sha = try #require(GitHubDemo.pullHeadSHA(in: harness.emulator.state))
        let writes: [(String, JSONValue)] = [
            ("issues.create", ["title": "x"]), ("issues.comment", ["issue_number": 1, "body": "x"]),
            ("issues.update", ["issue_number": 1, "state": "closed"]),
            ("labels.add", ["issue_number": 1, "labels": ["x"]]),
            ("pulls.create", ["title": "x", "head": "feature/faster-widgets", "base": "main"]),
            ("pulls.review.create", ["pull_number": 4, "event": "APPROVE"]), ("releases.create", ["tag_name": "v9"]),
            ("pulls.merge", ["pull_number": 4, "expected_head_sha": .string(sha)]),
            ("refs.delete", ["branch": "feature/faster-widgets"]), ("releases.delete", ["release_id": 1]),
        ]
        for profile in ["demo", "app"] {
            for (action, fields) in writes {
                var input = fields.objectValue ?? [:]
                input["dry_run"] = true
                let output = try #require(
                    await harness.run(action, .object(input), profile: profile).output,
                    "\(action)"
                )
                #expect(output["plan"]?["url"]?.stringValue?.hasPrefix(harness.emulator.baseURL) == true)
            }
        }
        #expect(harness.emulator.requestLog.entries.isEmpty)
        #expect(harness.emulator.state.issue("acme/widgets", 1)?["state"] == "open")
        #expect(harness.emulator.state.branchSHA("acme/widgets", "feature/faster-widgets") == sha)
    }

    /// With repository lists in force, a search must name permitted repositories; `repo` scopes it.
    @Test func searchIsScopedByTheRepositoryLists() async throws {
        let harness = try await EmulatorHarness(["CORDUM_GITHUB_ALLOWED_REPOS": "acme/*"])
        defer { Task { await harness.stop() } }
        let open = await harness.run("search.issues", ["q": "is:issue crash"])
        #expect(open.code == "resource_not_allowed")
        let other = await harness.run("search.issues", ["q": "repo:other/thing crash"])
        #expect(other.code == "resource_not_allowed")
        let scoped = try #require(
            await harness.run("search.issues", ["q": "is:issue crash", "repo": "acme/widgets"]).output
        )
        #expect(scoped["items"]?.arrayValue?.map { $0["number"] } == [1])
        let sent = try #require(harness.requests("GET", "/search/issues").last)
        #expect(sent.query.contains { $0.name == "q" && $0.value == "is:issue crash repo:acme/widgets" })
        #expect(harness.requests("GET", "/search/issues").count == 1)
    }
}
