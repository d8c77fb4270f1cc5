import GitHubEmulator
import StructuredData
import Testing

@Suite("GitHub emulator: writes")
struct GitHubWriteTests {
    @Test("create an issue (201), with 422 for a missing title or unknown assignee")
    func createIssue() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let created = try await client.send(
            "POST",
            "/repos/acme/widgets/issues",
            json: ["title": "New bug", "body": "Details", "labels": ["bug", "triage"], "assignees": ["bob"]]
        )
        #expect(created.status == 201)
        #expect(created.json?["number"] == 5)
        #expect(created.json?["user"]?["login"] == "octocat")
        #expect(created.json?["labels"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["bug", "triage"])
        #expect(created.json?["html_url"]?.stringValue?.hasSuffix("/acme/widgets/issues/5") == true)
        #expect(emulator.state.issue("acme/widgets", 5)?["title"] == "New bug")

        let missing = try await client.send("POST", "/repos/acme/widgets/issues", json: ["body": "no title"])
        #expect(missing.status == 422)
        #expect(missing.message == "Validation Failed")
        #expect(missing.json?["errors"]?[0]?["field"] == "title")
        #expect(missing.json?["errors"]?[0]?["code"] == "missing_field")
        let badAssignee = try await client.send(
            "POST",
            "/repos/acme/widgets/issues",
            json: ["title": "x", "assignees": ["nobody-here"]]
        )
        #expect(badAssignee.status == 422)
        #expect(badAssignee.json?["errors"]?[0]?["value"] == "nobody-here")
        let badType = try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": 5])
        #expect(badType.status == 422)
        let notJSON = try await client.send("POST", "/repos/acme/widgets/issues", headers: [:], json: nil)
        #expect(notJSON.status == 422)
    }

    @Test("comment (201), update (title, state, labels, assignees), add labels")
    func commentUpdateLabels() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let comment = try await client.send("POST", "/repos/acme/widgets/issues/2/comments", json: ["body": "On it"])
        #expect(comment.status == 201)
        #expect(comment.json?["body"] == "On it")
        #expect(try await client.get("/repos/acme/widgets/issues/2").json?["comments"] == 1)
        #expect(try await client.send("POST", "/repos/acme/widgets/issues/2/comments", json: [:]).status == 422)
        #expect(
            try await client.send("POST", "/repos/acme/widgets/issues/77/comments", json: ["body": "x"]).status == 404
        )

        let updated = try await client.send(
            "PATCH",
            "/repos/acme/widgets/issues/2",
            json: ["title": "Dark mode", "state": "closed", "state_reason": "not_planned", "assignees": ["alice"]]
        )
        #expect(updated.status == 200)
        #expect(updated.json?["title"] == "Dark mode")
        #expect(updated.json?["state"] == "closed")
        #expect(updated.json?["state_reason"] == "not_planned")
        #expect(updated.json?["closed_at"]?.isNull == false)
        #expect(updated.json?["assignee"]?["login"] == "alice")
        #expect(try await client.send("PATCH", "/repos/acme/widgets/issues/2", json: ["state": "done"]).status == 422)

        let labels = try await client.send("POST", "/repos/acme/widgets/issues/2/labels", json: ["labels": ["wontfix"]])
        #expect(labels.status == 200)
        #expect(labels.json?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["enhancement", "wontfix"])
        let bare = try await client.send("POST", "/repos/acme/widgets/issues/2/labels", json: ["bug"])
        #expect(bare.json?.arrayValue?.count == 3)
    }

    @Test("open a pull request (201) and review it; 422 for bad branches, duplicates and own approvals")
    func pullAndReview() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        try emulator.state.createBranch("acme/widgets", name: "docs/sizes", from: "main")
        try emulator.state.commit(
            "acme/widgets",
            branch: "docs/sizes",
            files: ["docs/sizes.md": "# Sizes\n\nXS to XL\n"],
            message: "Sizes"
        )
        let created = try await client.send(
            "POST",
            "/repos/acme/widgets/pulls",
            json: ["title": "Document sizes", "head": "docs/sizes", "base": "main", "draft": true]
        )
        #expect(created.status == 201)
        #expect(created.json?["number"] == 5)
        #expect(created.json?["draft"] == true)
        #expect(created.json?["head"]?["sha"]?.stringValue == emulator.state.branchSHA("acme/widgets", "docs/sizes"))
        let duplicate = try await client.send(
            "POST",
            "/repos/acme/widgets/pulls",
            json: ["title": "Again", "head": "docs/sizes", "base": "main"]
        )
        #expect(duplicate.status == 422)
        #expect(duplicate.json?["errors"]?[0]?["message"]?.stringValue?.contains("already exists") == true)
        let badHead = try await client.send(
            "POST",
            "/repos/acme/widgets/pulls",
            json: ["title": "x", "head": "nope", "base": "main"]
        )
        #expect(badHead.status == 422)
        #expect(badHead.json?["errors"]?[0]?["field"] == "head")

        let review = try await client.send(
            "POST",
            "/repos/acme/widgets/pulls/4/reviews",
            json: ["body": "Ship it", "event": "APPROVE"]
        )
        #expect(review.status == 200)
        #expect(review.json?["state"] == "APPROVED")
        let needsBody = try await client.send(
            "POST",
            "/repos/acme/widgets/pulls/4/reviews",
            json: ["event": "REQUEST_CHANGES"]
        )
        #expect(needsBody.status == 422)
        let own = try await client.send("POST", "/repos/acme/widgets/pulls/5/reviews", json: ["event": "APPROVE"])
        #expect(own.status == 422)
        #expect(try await client.get("/repos/acme/widgets/pulls/4/reviews").json?.arrayValue?.count == 2)
    }

    @Test("merge: 409 on a stale sha, 405 when not mergeable, 200 moves the base and closes the pull request")
    func merge() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let head = try #require(GitHubDemo.pullHeadSHA(in: emulator.state))
        let stale = try await client.send("PUT", "/repos/acme/widgets/pulls/4/merge", json: ["sha": "0000000"])
        #expect(stale.status == 409)
        #expect(stale.message?.contains("Head branch was modified") == true)
        try emulator.state.setMergeable("acme/widgets", pull: 4, false)
        #expect(
            try await client.send("PUT", "/repos/acme/widgets/pulls/4/merge", json: ["sha": .string(head)]).status
                == 405
        )
        try emulator.state.setMergeable("acme/widgets", pull: 4, true)
        let bad = try await client.send("PUT", "/repos/acme/widgets/pulls/4/merge", json: ["merge_method": "octopus"])
        #expect(bad.status == 422)

        let merged = try await client.send(
            "PUT",
            "/repos/acme/widgets/pulls/4/merge",
            json: ["sha": .string(head), "merge_method": "squash", "commit_title": "Faster widgets (#4)"]
        )
        #expect(merged.status == 200)
        #expect(merged.json?["merged"] == true)
        let sha = try #require(merged.json?["sha"]?.stringValue)
        #expect(emulator.state.branchSHA("acme/widgets", "main") == sha)
        #expect(emulator.state.fileContents("acme/widgets", path: "Sources/Widgets/Cache.swift") != nil)
        let pull = try await client.get("/repos/acme/widgets/pulls/4")
        #expect(pull.json?["merged"] == true)
        #expect(pull.json?["state"] == "closed")
        #expect(pull.json?["merge_commit_sha"]?.stringValue == sha)
        #expect(try await client.get("/repos/acme/widgets/pulls/4/merge").status == 204)
        #expect(try await client.send("PUT", "/repos/acme/widgets/pulls/4/merge", json: [:]).status == 405)
        let commit = try await client.get("/repos/acme/widgets/commits/main")
        #expect(commit.json?["commit"]?["message"] == "Faster widgets (#4)")
    }

    @Test("a push to the head branch changes the head sha; merging with the old sha then answers 409")
    func headMoves() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let old = try #require(GitHubDemo.pullHeadSHA(in: emulator.state))
        let new = try emulator.state.commit(
            "acme/widgets",
            branch: GitHubDemo.pullBranch,
            files: ["x.txt": "x"],
            message: "More"
        )
        #expect(try await client.get("/repos/acme/widgets/pulls/4").json?["head"]?["sha"]?.stringValue == new)
        #expect(
            try await client.send("PUT", "/repos/acme/widgets/pulls/4/merge", json: ["sha": .string(old)]).status == 409
        )
    }

    @Test("releases: create (201, tag made), duplicate tag 422, delete 204; latest follows")
    func releases() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let created = try await client.send(
            "POST",
            "/repos/acme/widgets/releases",
            json: ["tag_name": "v2.0.0", "name": "Two", "generate_release_notes": true]
        )
        #expect(created.status == 201)
        #expect(created.json?["tag_name"] == "v2.0.0")
        #expect(created.json?["body"]?.stringValue?.contains("What's Changed") == true)
        #expect(try await client.get("/repos/acme/widgets/releases/latest").json?["tag_name"] == "v2.0.0")
        let duplicate = try await client.send("POST", "/repos/acme/widgets/releases", json: ["tag_name": "v2.0.0"])
        #expect(duplicate.status == 422)
        #expect(duplicate.json?["errors"]?[0]?["code"] == "already_exists")
        #expect(try await client.send("POST", "/repos/acme/widgets/releases", json: ["name": "no tag"]).status == 422)
        let id = try #require(created.json?["id"]?.intValue)
        #expect(try await client.send("DELETE", "/repos/acme/widgets/releases/\(id)").status == 204)
        #expect(try await client.send("DELETE", "/repos/acme/widgets/releases/\(id)").status == 404)
        #expect(try await client.get("/repos/acme/widgets/releases/latest").json?["tag_name"] == "v1.1.0")
    }

    @Test("refs: get, delete a branch (204), deleting again 422, the default branch is protected")
    func refs() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let ref = try await client.get("/repos/acme/widgets/git/ref/heads/feature/faster-widgets")
        #expect(ref.json?["ref"] == "refs/heads/feature/faster-widgets")
        #expect(
            ref.json?["url"]?.stringValue
                == "\(emulator.baseURL)/repos/acme/widgets/git/refs/heads/feature/faster-widgets"
        )
        #expect(
            try await client.send("DELETE", "/repos/acme/widgets/git/refs/heads/feature/faster-widgets").status == 204
        )
        #expect(emulator.state.branchSHA("acme/widgets", "feature/faster-widgets") == nil)
        let again = try await client.send("DELETE", "/repos/acme/widgets/git/refs/heads/feature/faster-widgets")
        #expect(again.status == 422)
        #expect(again.message == "Reference does not exist")
        #expect(try await client.send("DELETE", "/repos/acme/widgets/git/refs/heads/main").status == 422)
    }

    @Test("a read-only token reads but gets 403 on writes")
    func readOnlyToken() async throws {
        let (emulator, base) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization = "token \(GitHubDemo.readOnlyToken)"
        #expect(try await client.get("/repos/acme/widgets/issues/1").status == 200)
        let write = try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": "x"])
        #expect(write.status == 403)
        #expect(write.message == "Resource not accessible by personal access token")
    }
}
