import Foundation
import ServerTesting
import Synchronization
import Testing

/// `packctl dev` with the built-in packs: each emulator with its demo data, each worker wired to its emulator, and
/// the packs installed — e.g. github's demo repository, so the github workflows run offline.
@Suite(.serialized) struct DevPacksTests {
    @Test func devRunsAGitHubWorkflowOfflineThroughTheAPI() async throws {
        let server = try await HostRemoteTests.Server(command: ["dev", "--port", "0"])
        defer { _ = server.stop() }
        #expect(server.output.text.withLock { $0 }.contains("github: emulator on http://127.0.0.1:"))
        #expect(server.output.text.withLock { $0 }.contains("(demo repository acme/widgets); pack github installed"))
        let remote = ["--host", server.url, "--api-key", server.key]
        let run = try await PackctlRunner.run(
            ["run", "github.pr.review-summary", "--input", #"{"repo":"acme/widgets","pull_number":4}"#, "--wait"]
                + remote
        )
        #expect(run.stdout.contains("step summary succeeded"), "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("is waiting for approval"))
        let approval = try #require(
            run.stdout.split(separator: " ").first { $0.hasPrefix("apr-") }.map {
                String($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        )
        let approved = try await PackctlRunner.run(["approve", approval, "--reason", "summary reviewed"] + remote)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("step comment succeeded"), "\(approved.stdout)")
    }

    @Test func devWithoutEmulatorsStartsNoneAndInstallsNothing() async throws {
        let server = try await HostRemoteTests.Server(command: ["dev", "--port", "0", "--no-emulators"])
        defer { _ = server.stop() }
        #expect(!server.output.text.withLock { $0 }.contains("emulator on"))
        let run = try await PackctlRunner.run(["list", "--host", server.url, "--api-key", server.key])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("github"))
    }

    @Test func devRunsOnlyTheChosenPacksAndTheirEmulatorsOnTheGivenPort() async throws {
        let port = try ServerProcess.freePort()
        let server = try await HostRemoteTests.Server(
            command: ["dev", "--port", "0", "--pack", "hello", "--pack", "github", "--emulator-port", "github=\(port)"]
        )
        defer { _ = server.stop() }
        #expect(server.output.text.withLock { $0 }.contains("github: emulator on http://127.0.0.1:\(port) "))
        let chosenHello = try await HostRemoteTests.Server(command: ["dev", "--port", "0", "--pack", "hello"])
        defer { _ = chosenHello.stop() }
        #expect(!chosenHello.output.text.withLock { $0 }.contains("emulator on"))
    }

    @Test func aChosenPackBringsThePacksItsWorkflowsRequire() async throws {
        // jira.incident.track posts through the slack pack (requires_packs: [slack]): slack is installed first.
        let server = try await HostRemoteTests.Server(command: ["dev", "--port", "0", "--pack", "jira"])
        defer { _ = server.stop() }
        let text = server.output.text.withLock { $0 }
        let slack = try #require(text.range(of: "pack slack installed"))
        let jira = try #require(text.range(of: "pack jira installed"))
        #expect(slack.lowerBound < jira.lowerBound)
    }

    @Test(arguments: [
        ["--pack", "no-such-pack"], ["--emulator-port", "github"], ["--emulator-port", "github=70000"],
        ["--emulator-port", "hello=9000"], ["--emulator-port", "nope=1"],
    ])
    func devRefusesUnknownPacksAndBadPortsAsUsageErrors(arguments: [String]) async throws {
        let result = try await PackctlRunner.run(["dev", "--port", "0"] + arguments)
        #expect(result.status == 64, "\(result.stderr)")
    }

    @Test func listPacksPrintsEveryBuiltInPack() async throws {
        let result = try await PackctlRunner.run(["dev", "--list-packs"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("| hello | `packs/hello` | yes | no |"))
        #expect(result.stdout.contains("| github | `packs/github` | yes (needs `CORDUM_GITHUB_*`) | yes |"))
    }
}
