import CryptoExtras
import Foundation
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Everything decided before any request: intent, input, profiles, allow/deny lists, destructive actions and
/// dry-run plans. The profiles point at a closed port, so a request would fail: these tests prove none is made.
@Suite("GitHub worker input, policy and dry runs")
struct InputAndPolicyTests {
    static let unreachable = "http://127.0.0.1:9"
    let token = "ghp_policyTestToken000000000000000000"

    func worker(_ extra: [String: String] = [:], secrets: SecretRegistry) throws -> Worker {
        var environment = [
            "CORDUM_GITHUB_PROFILES": """
            [{"name": "main", "base_url": "\(Self.unreachable)", "token_env": "MAIN_TOKEN",
              "denied_repos": "acme/secret-*"},
             {"name": "app", "base_url": "\(Self.unreachable)", "app_id": 1, "app_installation_id": 2,
              "app_private_key_env": "APP_KEY", "allow_actions": ["refs.delete", "issues.*", "labels.*", "pulls.*", "releases.create"]}]
            """,
            "MAIN_TOKEN": token, "APP_KEY": TestKeys.app.pemRepresentation, "CORDUM_GITHUB_DEFAULT_PROFILE": "main",
        ]
        environment.merge(extra) { $1 }
        let configuration = try GitHubConfiguration(environment: environment, secrets: secrets)
        return GitHubWorker.make(configuration: configuration)
    }

    @Test func servesOneTopicPerAction() throws {
        let worker = try worker(secrets: SecretRegistry())
        #expect(worker.topics.count == 25)
        #expect(worker.topics == GitHubAction.names.map { "job.github.\($0)" })
        #expect(GitHubAction.all.values.filter(\.isWrite).count == 10)
        #expect(
            GitHubAction.all.values.filter(\.requiresExplicitEnable).map(\.name).sorted()
                == ["pulls.merge", "refs.delete", "releases.delete"]
        )
    }

    /// Every write returns its exact request as the plan, with no credential, and calls nothing (not even the App
    /// token exchange: the base URL is unreachable).
    static let plans: [(String, JSONValue, String, String)] = [
        (
            "issues.create", ["title": "Bug", "body": "It broke", "labels": ["bug"]], "POST",
            "/repos/acme/widgets/issues"
        ),
        ("issues.comment", ["issue_number": 1, "body": "Thanks"], "POST", "/repos/acme/widgets/issues/1/comments"),
        (
            "issues.update", ["issue_number": 2, "state": "closed", "state_reason": "completed"], "PATCH",
            "/repos/acme/widgets/issues/2"
        ),
        ("labels.add", ["issue_number": 3, "labels": ["bug", "p1"]], "POST", "/repos/acme/widgets/issues/3/labels"),
        (
            "pulls.create", ["title": "T", "head": "feature/x", "base": "main", "draft": true], "POST",
            "/repos/acme/widgets/pulls"
        ),
        ("pulls.review.create", ["pull_number": 4, "event": "APPROVE"], "POST", "/repos/acme/widgets/pulls/4/reviews"),
        ("releases.create", ["tag_name": "v2.0.0", "prerelease": true], "POST", "/repos/acme/widgets/releases"),
        ("refs.delete", ["branch": "feature/old x"], "DELETE", "/repos/acme/widgets/git/refs/heads/feature/old%20x"),
    ]

    @Test(arguments: plans)
    func dryRunReturnsThePlan(action: String, fields: JSONValue, method: String, path: String) async throws {
        let secrets = SecretRegistry()
        let worker = try worker(secrets: secrets)
        for profile in ["main", "app"] where profile == "app" || action != "refs.delete" {
            var input = fields.objectValue ?? [:]
            input["repo"] = "acme/widgets"
            input["dry_run"] = true
            input["profile"] = .string(profile)
            let outcome = await runJob(worker, action, .object(input), secrets: secrets)
            let output = try #require(outcome.output, "\(outcome)")
            #expect(output["dry_run"] == true)
            #expect(output["plan"]?["method"] == .string(method))
            #expect(output["plan"]?["url"] == .string(Self.unreachable + path))
            #expect(output["plan"]?["headers"]?["X-GitHub-Api-Version"] == "2022-11-28")
            #expect(output["plan"]?["headers"]?["Accept"] == "application/vnd.github+json")
            #expect(output["plan"]?["headers"]?["Authorization"] == nil)
            #expect(output["plan"]?["auth"] == .string(profile == "app" ? "app" : "token"))
            #expect(output["status_code"] == nil)
            #expect(!contains(output, token))
            if action == "issues.update" {
                #expect(output["plan"]?["body"] == ["state": "closed", "state_reason": "completed"])
            }
        }
    }

    @Test func dryRunLabelAlsoPlans() async throws {
        let secrets = SecretRegistry()
        let outcome = await runJob(
            try worker(secrets: secrets),
            "issues.comment",
            ["repo": "acme/widgets", "issue_number": 1, "body": "hi"],
            secrets: secrets,
            labels: ["dry_run": "true"]
        )
        #expect(outcome.output?["plan"]?["body"] == ["body": "hi"])
    }

    @Test func mergePlanCarriesTheExpectedHeadSHA() async throws {
        let secrets = SecretRegistry()
        let sha = String(repeating: "a1", count: 20)
        let worker = try worker(["CORDUM_GITHUB_ALLOW_ACTIONS": "pulls.merge,issues.*,repos.*"], secrets: secrets)
        let outcome = await runJob(
            worker,
            "pulls.merge",
            [
                "repo": "acme/widgets", "pull_number": 4, "expected_head_sha": .string(sha), "merge_method": "squash",
                "dry_run": true,
            ],
            secrets: secrets
        )
        #expect(outcome.output?["plan"]?["method"] == "PUT")
        #expect(outcome.output?["plan"]?["body"] == ["sha": .string(sha), "merge_method": "squash"])
        let missing = await runJob(
            worker,
            "pulls.merge",
            ["repo": "acme/widgets", "pull_number": 4, "dry_run": true],
            secrets: secrets
        )
        #expect(missing.code == "invalid_input")
        #expect(missing.error?.message.contains("expected_head_sha") == true)
    }

    @Test func destructiveActionsNeedTheirExactName() async throws {
        let secrets = SecretRegistry()
        let sha = String(repeating: "b", count: 40)
        // A glob does not enable them.
        let globbed = try worker(["CORDUM_GITHUB_ALLOW_ACTIONS": "*"], secrets: secrets)
        let merge = await runJob(
            globbed,
            "pulls.merge",
            ["repo": "acme/widgets", "pull_number": 4, "expected_head_sha": .string(sha), "dry_run": true],
            secrets: secrets
        )
        #expect(merge.code == "action_not_allowed")
        #expect(merge.error?.message.contains("CORDUM_GITHUB_ALLOW_ACTIONS") == true)
        let release = await runJob(
            globbed,
            "releases.delete",
            ["repo": "acme/widgets", "release_id": 3, "dry_run": true],
            secrets: secrets
        )
        #expect(release.code == "action_not_allowed")
        // The "app" profile names refs.delete, so only it may delete branches.
        let onMain = await runJob(
            globbed,
            "refs.delete",
            ["repo": "acme/widgets", "branch": "old", "dry_run": true],
            secrets: secrets
        )
        #expect(onMain.code == "action_not_allowed")
        let onApp = await runJob(
            globbed,
            "refs.delete",
            ["repo": "acme/widgets", "branch": "old", "dry_run": true, "profile": "app"],
            secrets: secrets
        )
        #expect(onApp.output?["plan"]?["method"] == "DELETE")
    }

    @Test func allowAndDenyLists() async throws {
        let secrets = SecretRegistry()
        let worker = try worker(
            [
                "CORDUM_GITHUB_ALLOWED_REPOS": "acme/*,tools/cli", "CORDUM_GITHUB_DENY_ACTIONS": "releases.*",
            ],
            secrets: secrets
        )
        // Each action gets the fields its input schema accepts.
        let fields: [String: [String: JSONValue]] = [
            "issues.comment": ["issue_number": 1, "body": "x", "dry_run": true],
            "releases.create": ["tag_name": "v1", "dry_run": true],
        ]
        func run(_ action: String, _ repo: String, _ profile: String = "main") async -> JobOutcome {
            var input = fields[action] ?? [:]
            input["repo"] = .string(repo)
            input["profile"] = .string(profile)
            return await runJob(worker, action, .object(input), secrets: secrets)
        }
        #expect(await run("issues.comment", "acme/widgets").output != nil)
        #expect(await run("issues.comment", "tools/cli").output != nil)
        let other = await run("issues.comment", "other/repo")
        #expect(other.code == "resource_not_allowed")
        #expect(other.error?.message.contains("CORDUM_GITHUB_ALLOWED_REPOS") == true)
        // The profile's deny list, whatever the letter case.
        let denied = await run("issues.comment", "ACME/Secret-keys")
        #expect(denied.code == "resource_not_allowed")
        #expect(denied.error?.message.contains("denied_repos of profile \"main\"") == true)
        // The app profile's own allow list has no repos.* action.
        #expect(await run("repos.get", "acme/widgets", "app").code == "action_not_allowed")
        #expect(await run("releases.create", "acme/widgets").code == "action_not_allowed")
    }

    @Test func intentMustMatchTheTopic() async throws {
        let secrets = SecretRegistry()
        let worker = try worker(secrets: secrets)
        let input: JSONValue = ["repo": "acme/widgets", "issue_number": 1, "body": "x", "dry_run": true]
        var wrongAction = input.objectValue ?? [:]
        wrongAction["action"] = "issues.get"
        #expect(await runJob(worker, "issues.comment", .object(wrongAction), secrets: secrets).code == "invalid_input")
        let capability = await runJob(
            worker,
            "issues.comment",
            input,
            secrets: secrets,
            capability: "github.issues.get"
        )
        #expect(capability.code == "invalid_input")
        #expect(capability.error?.message.contains("github.issues.comment") == true)
        let tags = await runJob(worker, "issues.comment", input, secrets: secrets, riskTags: ["read", "network"])
        #expect(tags.code == "invalid_input")
        let matching = await runJob(
            worker,
            "issues.comment",
            input,
            secrets: secrets,
            capability: "github.issues.comment",
            riskTags: ["write", "network"]
        )
        #expect(matching.output != nil)
    }

    /// Invalid inputs fail with invalid_input naming the field.
    static let invalidInputs: [(String, JSONValue, String)] = [
        ("issues.get", ["repo": "acme/widgets"], "issue_number"),
        ("issues.get", ["repo": "acme/widgets", "issue_number": 0], "issue_number"),
        ("issues.get", ["repo": "not a repo", "issue_number": 1], "repo"),
        ("issues.get", ["repo": "acme/..", "issue_number": 1], "repo"),
        ("repos.get", [:], "repo"),
        ("issues.list", ["repo": "acme/widgets", "state": "maybe"], "state"),
        ("issues.list", ["repo": "acme/widgets", "per_page": 500], "per_page"),
        ("issues.list", ["repo": "acme/widgets", "max_pages": 51], "max_pages"),
        ("contents.get", ["repo": "acme/widgets", "path": "../etc/passwd"], "path"),
        ("contents.get", ["repo": "acme/widgets", "path": "/etc/passwd"], "path"),
        ("commits.status", ["repo": "acme/widgets", "ref": "main\u{07}"], "ref"),
        ("refs.delete", ["repo": "acme/widgets", "branch": "feature/./x"], "branch"),
        (
            "issues.create",
            [
                "repo": "acme/widgets", "title": "t",
                "assignees": ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"],
            ], "assignees"
        ),
        ("search.issues", [:], "q"),
        ("issues.create", ["repo": "acme/widgets", "title": 7], "title"),
        ("issues.update", ["repo": "acme/widgets", "issue_number": 1], "nothing to change"),
        ("labels.add", ["repo": "acme/widgets", "issue_number": 1, "labels": []], "labels"),
        ("pulls.review.create", ["repo": "acme/widgets", "pull_number": 1, "event": "COMMENT"], "body"),
        ("pulls.review.create", ["repo": "acme/widgets", "pull_number": 1, "event": "LGTM"], "event"),
        ("pulls.merge", ["repo": "acme/widgets", "pull_number": 1, "expected_head_sha": "abc"], "expected_head_sha"),
        ("releases.delete", ["repo": "acme/widgets", "release_id": "7"], "release_id"),
        ("issues.get", ["repo": "acme/widgets", "issue_number": 1, "profile": "nope"], "nope"),
    ]

    @Test(arguments: invalidInputs)
    func invalidInputNamesTheField(action: String, input: JSONValue, field: String) async throws {
        let secrets = SecretRegistry()
        let worker = try worker(
            [
                "CORDUM_GITHUB_ALLOW_ACTIONS":
                    "pulls.merge,releases.delete,issues.*,repos.*,contents.*,search.*,labels.*,pulls.*"
            ],
            secrets: secrets
        )
        let outcome = await runJob(worker, action, input, secrets: secrets)
        #expect(outcome.code == "invalid_input" || outcome.code == "unknown_profile", "\(outcome)")
        #expect(outcome.error?.message.contains(field) == true, "\(outcome)")
    }

    @Test func inlineAuthIsRefusedUnlessAllowed() async throws {
        let secrets = SecretRegistry()
        let input: JSONValue = [
            "repo": "acme/widgets", "issue_number": 1, "body": "x", "dry_run": true,
            "auth": ["token": "ghp_inlineSecret999"],
        ]
        let refused = await runJob(try worker(secrets: secrets), "issues.comment", input, secrets: secrets)
        #expect(refused.code == "inline_auth_refused")
        #expect(refused.error?.message.contains("ghp_inlineSecret999") == false)
        let allowed = await runJob(
            try worker(["CORDUM_GITHUB_ALLOW_INLINE_AUTH": "true"], secrets: secrets),
            "issues.comment",
            input,
            secrets: secrets
        )
        #expect(allowed.output?["plan"]?["auth"] == "token")
        #expect(allowed.output.map { contains($0, "ghp_inlineSecret999") } == false)
    }

    /// A GitHub Enterprise base URL keeps its path prefix.
    @Test func enterpriseBaseURLKeepsItsPath() async throws {
        let secrets = SecretRegistry()
        let configuration = try GitHubConfiguration(
            environment: ["CORDUM_GITHUB_BASE_URL": "https://ghe.example.com/api/v3/", "CORDUM_GITHUB_TOKEN": token],
            secrets: secrets
        )
        let outcome = await runJob(
            GitHubWorker.make(configuration: configuration),
            "issues.comment",
            ["repo": "acme/widgets", "issue_number": 9, "body": "hi", "dry_run": true],
            secrets: secrets
        )
        #expect(
            outcome.output?["plan"]?["url"] == "https://ghe.example.com/api/v3/repos/acme/widgets/issues/9/comments"
        )
    }
}
