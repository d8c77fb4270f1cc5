import Foundation
import Synchronization
import Testing

/// `packctl dev` with its offline GitHub: the emulator's demo repository, the GitHub worker and the github pack.
@Suite(.serialized) struct DevGitHubTests {
    @Test func devRunsAGitHubWorkflowOfflineThroughTheAPI() throws {
        let server = try HostRemoteTests.Server(command: ["dev", "--port", "0"])
        defer { _ = server.stop() }
        #expect(server.output.text.withLock { $0 }.contains("github: emulator on http://127.0.0.1:"))
        let remote = ["--host", server.url, "--api-key", server.key]
        let run = try PackctlRunner.run(
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
        let approved = try PackctlRunner.run(["approve", approval, "--reason", "summary reviewed"] + remote)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("step comment succeeded"), "\(approved.stdout)")
    }

    @Test func devWithoutGitHubStartsNoEmulator() throws {
        let server = try HostRemoteTests.Server(command: ["dev", "--port", "0", "--no-github"])
        defer { _ = server.stop() }
        #expect(!server.output.text.withLock { $0 }.contains("github: emulator"))
        let run = try PackctlRunner.run(["list", "--host", server.url, "--api-key", server.key])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("github"))
    }
}
