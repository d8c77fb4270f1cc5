import APIContracts
import EmulatorKit
import Foundation
import GitHubEmulator
import PackTesting
import StructuredData
import Testing

/// The worker's requests and the emulator's answers, checked against GitHub's published REST description of the
/// operations the pack uses (packs/github/Tests/contract/github-openapi.yaml).
@Suite("GitHub exchanges follow GitHub's REST description")
struct ContractTests {
    static let specPath: String = {
        var url = URL(fileURLWithPath: #filePath)
        url.deleteLastPathComponent()
        url.deleteLastPathComponent()
        return url.appendingPathComponent("contract/github-openapi.yaml").path
    }()

    static let checker: ContractChecker = {
        do {
            return try ContractChecker(specPath: specPath)
        } catch {
            fatalError("\(specPath) does not load: \(error)")
        }
    }()

    /// The emulator's request log as exchanges, secrets redacted.
    func exchanges(_ harness: EmulatorHarness) throws -> [HTTPExchange] {
        let log = harness.emulator.requestLog.exchangeLog(redacting: harness.secretValues)
        #expect(!harness.secretValues.contains { log.contains($0) })
        return try HTTPExchange.readLog(log, file: "github-emulator")
    }

    @Test func readsAndWritesFollowTheDescription() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let state = harness.emulator.state
        let sha = try #require(GitHubDemo.pullHeadSHA(in: state))
        for (action, input) in [
            ("repos.get", [:]), ("issues.get", ["issue_number": 1]),
            ("issues.list", ["state": "all", "labels": ["bug"]]), ("issues.comments.list", ["issue_number": 1]),
            ("pulls.get", ["pull_number": 4]), ("pulls.list", ["state": "open"]), ("pulls.files", ["pull_number": 4]),
            ("pulls.reviews.list", ["pull_number": 4]), ("checks.list", ["ref": .string(sha)]),
            ("commits.status", ["ref": .string(sha)]),
            ("commits.compare", ["base": "main", "head": "feature/faster-widgets"]),
            ("contents.get", ["path": "docs/sizes.md", "ref": "main"]),
            ("search.issues", ["q": "repo:acme/widgets is:issue crash"]), ("releases.list", [:]),
            ("releases.latest", [:]),
        ] as [(String, JSONValue)] {
            #expect(await harness.run(action, input).output != nil, "\(action) failed")
        }
        let created = try #require(
            await harness.run("issues.create", ["title": "New bug", "body": "Details", "labels": ["bug"]]).output
        )
        let number = try #require(created["result"]?["number"]?.intValue)
        for (action, input) in [
            ("issues.comment", ["issue_number": .integer(number), "body": "On it"]),
            ("labels.add", ["issue_number": .integer(number), "labels": ["enhancement"]]),
            ("issues.update", ["issue_number": .integer(number), "state": "closed", "state_reason": "completed"]),
            ("releases.create", ["tag_name": "v2.0.0", "name": "v2.0.0", "target_commitish": "main"]),
            ("pulls.merge", ["pull_number": 4, "expected_head_sha": .string(sha), "merge_method": "squash"]),
            ("refs.delete", ["branch": "feature/faster-widgets"]),
        ] as [(String, JSONValue)] {
            #expect(await harness.run(action, input).output != nil, "\(action) failed")
        }

        let exchanges = try exchanges(harness)
        #expect(exchanges.count >= 21)
        let report = Self.checker.check(exchanges)
        #expect(report.passed, "\(report)")
        let operations = Set(
            exchanges.compactMap {
                Self.checker.validator.operation(method: $0.request.method, path: $0.request.path)?.operation.name
            }
        )
        #expect(operations.isSuperset(of: ["issues/create", "pulls/merge", "git/delete-ref", "repos/get-content"]))
    }

    @Test func aWrongEmulatorAnswerNamesTheField() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        // The emulator answers issue 1 with a number that is a string and no title.
        harness.emulator.faults.add(
            try FaultRule(
                method: "GET",
                path: "/repos/acme/widgets/issues/1",
                status: 200,
                body: [
                    "id": 1, "node_id": "I_1", "url": "u", "html_url": "h", "number": "1", "state": "open",
                    "user": .null, "labels": [], "comments": 0, "created_at": "2026-01-01T00:00:00Z",
                    "updated_at": "2026-01-01T00:00:00Z", "closed_at": .null,
                ]
            )
        )
        // Run the job directly: the harness would also (rightly) flag the bad answer in the job's output schema.
        _ = await runJob(
            harness.worker,
            "issues.get",
            ["repo": .string(GitHubDemo.repo), "issue_number": 1],
            secrets: harness.secrets
        )
        let report = Self.checker.check(try exchanges(harness))
        #expect(!report.passed)
        #expect(Set(report.violations.map(\.location)) == ["response.body/number", "response.body"])
        let number = try #require(report.violations.first { $0.location == "response.body/number" })
        #expect(number.operation?.operationID == "issues/get")
        #expect(number.schemaPath == "#/components/schemas/issue/properties/number/type")
        #expect(number.vendorDescription == "Number uniquely identifying the issue within its repository")
        #expect(report.description.contains("response.body/number"))
        #expect(report.violations.contains { $0.keyword == "required" && $0.message.contains("title") })
    }

    @Test func aWrongRequestNamesTheField() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        _ = await harness.run("issues.list", ["state": "all"])
        var exchanges = try exchanges(harness)
        let exchange = try #require(exchanges.first)
        // The same request as a client that sends an unknown state and a page that is not a number.
        exchanges = [
            HTTPExchange(
                request: HTTPExchange.Request(
                    method: exchange.request.method,
                    url: "/repos/acme/widgets/issues?state=everything&page=two",
                    headers: exchange.request.headers
                ),
                response: exchange.response
            )
        ]
        let report = Self.checker.check(exchanges)
        #expect(Set(report.violations.map(\.location)) == ["request.query.state", "request.query.page"])
        let state = try #require(report.violations.first { $0.location == "request.query.state" })
        #expect(state.keyword == "enum")
        #expect(state.vendorDescription == "Indicates the state of the issues to return.")
        #expect(state.operation?.operationID == "issues/list-for-repo")
        #expect(report.violations.first { $0.location == "request.query.page" }?.keyword == "type")
    }
}
