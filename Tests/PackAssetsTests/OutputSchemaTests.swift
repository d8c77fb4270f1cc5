import JSONSchema
import PackAssets
import StructuredData
import Testing

@Suite struct OutputSchemaTests {
    func schema(_ pack: String, _ name: String) throws -> JSONSchema {
        let plan = try AssetFixture(pack).generator.plan()
        let text = try #require(plan.files.first { $0.path == "schemas/\(name).json" }?.text)
        return try JSONSchema(try JSONParser.parse(Array(text.utf8), file: name).value)
    }

    @Test func aWriteEnvelopeOfTheSharedContractValidates() throws {
        let merge = try schema("github", "PullsMergeOutput")
        let answer: JSONValue = [
            "action": "pulls.merge", "profile": "default", "status_code": 200, "request_id": "ABCD:1",
            "duration_ms": 12, "dry_run": false, "repo": "acme/widgets",
            "rate_limit": ["limit": 5000, "remaining": 4999, "reset": 1_700_000_000, "resource": "core"],
            "result": ["merged": true, "sha": "abc123", "message": "Pull Request successfully merged"],
            "objects": [["kind": "pull_request", "id": 4, "url": "https://x/4", "change": "updated"]],
            "artifacts": [
                ["pointer": "art://1", "bytes": 100_000, "field": "result", "media_type": "application/json"]
            ],
        ]
        #expect(merge.validate(answer).isEmpty, "\(merge.validate(answer))")
        let plan: JSONValue = [
            "action": "pulls.merge", "dry_run": true,
            "plan": [
                "method": "PUT", "url": "https://api.github.com/repos/acme/widgets/pulls/4/merge", "auth": "token",
            ],
        ]
        #expect(merge.validate(plan).isEmpty)
    }

    @Test func resultFieldsAreChecked() throws {
        let pull = try schema("github", "PullsGetOutput")
        let good: JSONValue = [
            "action": "pulls.get",
            "result": ["number": 4, "head": ["sha": "abc", "ref": "feature"], "mergeable": .null, "extra": "kept"],
        ]
        #expect(pull.validate(good).isEmpty)
        let bad: JSONValue = ["action": "pulls.get", "result": ["head": ["sha": 12]]]
        #expect(!pull.validate(bad).isEmpty)
        #expect(!pull.validate(["action": "issues.get"]).isEmpty)
    }

    @Test func listItemsAreChecked() throws {
        let checks = try schema("github", "ChecksListOutput")
        let good: JSONValue = [
            "action": "checks.list", "pages": 1, "truncated": false,
            "items": [["name": "build", "status": "completed", "conclusion": .null]],
        ]
        #expect(checks.validate(good).isEmpty)
        let bad: JSONValue = ["action": "checks.list", "items": [["status": 3]]]
        #expect(!checks.validate(bad).isEmpty)
    }

    @Test func withoutAnEnvelopeTheResultIsTheWholeOutput() throws {
        let greet = try schema("hello", "GreetOutput")
        #expect(greet.validate(["greeting": "Hello, Ada!"]).isEmpty)
        #expect(!greet.validate(["greeting": "Hello", "extra": 1]).isEmpty)
        #expect(!greet.validate([:]).isEmpty)
    }

    @Test func theBaselineSimulationsFollowFromEachClass() throws {
        let plan = try AssetFixture("github").generator.plan()
        let manifest = try #require(plan.files.first { $0.path == "pack.yaml" }?.text)
        for name in [
            "repos_get_is_allowed", "issues_create_after_a_workflow_approval_is_constrained",
            "issues_create_without_its_tags_still_requires_approval", "pulls_merge_requires_its_job_approval",
            "refs_delete_after_a_workflow_approval_is_still_denied",
        ] {
            #expect(manifest.contains("- name: \(name)\n"), "no simulation \(name)")
        }
        #expect(!manifest.contains("- name: repos_get_without_its_tags"))
    }
}
