/// The standard demo world `packctl dev` and the end-to-end tests use.
public enum GitHubDemo {
    /// The demo repository.
    public static let repo = "acme/widgets"
    /// A read-write token of `octocat`.
    public static let token = "ghp_emulatorDemoToken0000000000000000000"
    /// A read-only token of `alice` (writes answer 403).
    public static let readOnlyToken = "ghp_emulatorReadOnly0000000000000000000"
    /// The open, mergeable pull request with green checks.
    public static let pullNumber = 4
    /// Its head branch.
    public static let pullBranch = "feature/faster-widgets"
    /// A branch of the demo repository that no pull request comes from yet.
    public static let openBranch = "feature/dark-mode"

    /// The head sha of the demo pull request in a state.
    public static func pullHeadSHA(in state: GitHubState) -> String? {
        state.branchSHA(repo, pullBranch)
    }

    /// Fills a state with the demo world.
    public static func seed(_ state: GitHubState) throws(GitHubSeedError) {
        for login in ["octocat", "alice", "bob"] { state.createUser(login) }
        state.addToken(token, grant: GitHubTokenGrant(login: "octocat", canWrite: true))
        state.addToken(readOnlyToken, grant: GitHubTokenGrant(login: "alice", canWrite: false))
        try state.createRepository(
            repo,
            defaultBranch: "main",
            files: [
                "README.md": "# widgets\n\nWidgets for every occasion.\n",
                "Sources/Widgets/Widget.swift": "struct Widget {\n    var size: Int\n}\n",
                "docs/sizes.md": "# Sizes\n\nsmall, medium, large\n",
            ],
            description: "Widgets for every occasion (emulated)"
        )
        try state.createLabel(repo, name: "bug", color: "d73a4a", description: "Something isn't working")
        try state.createLabel(repo, name: "enhancement", color: "a2eeef", description: "New feature or request")
        try state.createLabel(repo, name: "documentation", color: "0075ca", description: "Improvements to docs")
        try state.createLabel(repo, name: "good first issue", color: "7057ff", description: "Good for newcomers")
        let crash = try state.createIssue(
            repo,
            title: "Widgets crash on empty input",
            body: "Passing an empty list to `Widget.render` crashes.",
            labels: ["bug"],
            assignees: ["alice"],
            author: "bob"
        )
        try state.addComment(repo, issue: crash, body: "I can reproduce this on main.", author: "alice")
        try state.addComment(repo, issue: crash, body: "Stack trace attached.", author: "bob")
        try state.createIssue(
            repo,
            title: "Add dark mode widgets",
            body: "Widgets should follow the system appearance.",
            labels: ["enhancement"],
            author: "alice"
        )
        try state.createIssue(
            repo,
            title: "Document widget sizes",
            body: "List the sizes in docs/sizes.md.",
            labels: ["documentation"],
            author: "octocat",
            state: "closed"
        )
        try state.createRelease(repo, tag: "v1.0.0", name: "v1.0.0", body: "First release.")
        try state.createRelease(repo, tag: "v1.1.0", name: "v1.1.0", body: "Faster rendering.")
        try state.createBranch(repo, name: pullBranch, from: "main")
        let head = try state.commit(
            repo,
            branch: pullBranch,
            files: [
                "Sources/Widgets/Widget.swift": "struct Widget {\n    var size: Int\n    var cached: Bool = true\n}\n",
                "Sources/Widgets/Cache.swift": "enum Cache {\n    static var hits = 0\n}\n",
            ],
            message: "Cache widget layouts",
            author: "alice"
        )
        let pull = try state.createPullRequest(
            repo,
            title: "Make widgets faster",
            head: pullBranch,
            base: "main",
            body: "Caches widget layouts. Closes #\(crash).",
            author: "alice"
        )
        guard pull == pullNumber else {
            throw GitHubSeedError("the demo pull request must be #\(pullNumber) (got #\(pull))")
        }
        try state.addCheckRun(repo, sha: head, name: "build", status: "completed", conclusion: "success")
        try state.addCheckRun(repo, sha: head, name: "test", status: "completed", conclusion: "success")
        try state.addStatus(repo, sha: head, context: "ci/lint", state: "success", description: "Lint passed")
        try state.addReview(repo, pull: pull, state: "APPROVED", body: "Looks good.", author: "bob")
        try state.createRelease(
            repo,
            tag: "v1.2.0-rc.1",
            name: "v1.2.0-rc.1",
            body: "Release candidate.",
            prerelease: true
        )
        try state.createRelease(repo, tag: "v1.2.0", name: "v1.2.0", body: "Draft notes.", draft: true)
        // A branch with no pull request yet, so opening one works against the demo data.
        try state.createBranch(repo, name: openBranch, from: "main")
        _ = try state.commit(
            repo,
            branch: openBranch,
            files: ["docs/dark-mode.md": "# Dark mode\n\nWidgets follow the system appearance.\n"],
            message: "Describe dark mode",
            author: "alice"
        )
    }
}
