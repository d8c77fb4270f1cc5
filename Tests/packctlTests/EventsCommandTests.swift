import Foundation
import Synchronization
import Testing

/// `packctl events` and `packctl subscriptions` against a running `packctl serve`.
@Suite(.serialized) struct EventsCommandTests {
    @Test func eventsReplaysTheLogAndSubscriptionsAreManagedWithoutShowingTheSecret() async throws {
        let server = try await HostRemoteTests.Server(
            command: ["serve", "--port", "0", "--dev-workers", "--allow-webhook-host", "127.0.0.1"]
        )
        defer { _ = server.stop() }
        let remote = ["--host", server.url, "--api-key", server.key]
        let installed = try await PackctlRunner.run(["install", "packs/hello/pack"] + remote)
        #expect(installed.status == 0, "\(installed.stderr)")

        let events = try await PackctlRunner.run(
            ["events", "--since", "0", "--count", "1", "--format", "json"] + remote
        )
        #expect(events.status == 0, "\(events.stderr)")
        let lines = events.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"type\":\"pack.installed\"") == true)
        let text = try await PackctlRunner.run(["events", "--since", "0", "--count", "1", "--type", "pack.*"] + remote)
        #expect(text.stdout.hasPrefix("1\tpack.installed\thello") || text.stdout.contains("\tpack.installed\thello"))
        let bad = try await PackctlRunner.run(["events", "--type", "nonsense", "--count", "1"] + remote)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("nonsense"))

        let secret = "a-webhook-secret-of-some-length"
        let added = try await PackctlRunner.run(
            ["subscriptions", "add", "http://127.0.0.1:9/hook", "--secret", secret, "--type", "run.*"] + remote
        )
        #expect(added.status == 0, "\(added.stderr)")
        let id = try #require(added.stdout.split(separator: "\t").first.map(String.init))
        #expect(id.hasPrefix("sub-"))
        let listed = try await PackctlRunner.run(["subscriptions", "list", "--format", "json"] + remote)
        #expect(listed.stdout.contains(id))
        #expect(!listed.stdout.contains(secret))
        let deliveries = try await PackctlRunner.run(["subscriptions", "deliveries", id] + remote)
        #expect(deliveries.status == 0, "\(deliveries.stderr)")
        let refused = try await PackctlRunner.run(
            ["subscriptions", "add", "http://169.254.169.254/latest", "--secret", secret] + remote
        )
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("169.254.169.254"))
        let removed = try await PackctlRunner.run(["subscriptions", "rm", id] + remote)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try await PackctlRunner.run(["subscriptions", "rm", id] + remote).status == 2)
        #expect(!server.output.text.withLock { $0 }.contains(secret))
    }
}
