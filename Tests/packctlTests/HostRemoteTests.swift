import Foundation
import ServerTesting
import Synchronization
import Testing

/// The host commands with `--host`: a `packctl serve --dev-workers` child process on a free port, driven by other
/// `packctl` processes through the HTTP API with the admin key the server printed on first start.
@Suite(.serialized) struct HostRemoteTests {
    /// A running `packctl serve` child.
    final class Server: Sendable {
        let process: SpawnedProcess
        /// Everything the server printed on standard output so far.
        let output: Captured
        let url: String
        let key: String

        /// Starts `packctl serve --port 0 --dev-workers` (or another command serving the API) on a data folder
        /// (a new one by default) and waits for its URL and key.
        /// The wait is asynchronous: a test blocking one of the few cooperative threads while a server starts would
        /// starve every other test's tasks.
        init(data: String? = nil, command: [String] = ["serve", "--port", "0", "--dev-workers"]) async throws {
            let data =
                data
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("packctl-serve-\(UUID().uuidString)")
                .path
            let out = Pipe()
            let output = Captured()
            out.fileHandleForReading.readabilityHandler = { handle in
                let chunk = String(decoding: handle.availableData, as: UTF8.self)
                output.text.withLock { $0 += chunk }
            }
            let process = try SpawnedProcess(
                PackctlRunner.binary,
                arguments: command + ["--data", data],
                directory: PackctlRunner.repositoryRoot,
                standardOutput: .pipe(out)
            )
            var url: String?
            var key: String?
            for _ in 0..<600 where url == nil || key == nil {
                try await Task.sleep(for: .milliseconds(100))
                let text = output.text.withLock { $0 }
                for line in text.split(separator: "\n") {
                    if let range = line.range(of: "CORDUM_API_KEY=") { key = String(line[range.upperBound...]) }
                    if let start = line.range(of: "http://"), let end = line.range(of: "/api/v1") {
                        url = String(line[start.lowerBound..<end.lowerBound])
                    }
                }
                if !process.isRunning { break }
            }
            guard let url, let key else {
                process.signal(SIGTERM)
                throw ServerDidNotStart(output: output.text.withLock { $0 })
            }
            self.process = process
            self.url = url
            self.key = key
            self.output = output
        }

        /// Stops the server with SIGTERM and waits for it.
        func stop() -> Int32 {
            process.signal(SIGTERM)
            return process.waitForExit().status
        }
    }

    /// Text a pipe reader appends to.
    final class Captured: Sendable {
        let text = Mutex("")
    }

    struct ServerDidNotStart: Error, CustomStringConvertible {
        var output: String
        var description: String { "packctl serve did not print its URL and key; output:\n\(output)" }
    }

    @Test func theHelloLoopThroughTheAPI() async throws {
        // One admin key asks and approves: a single-user server, which must turn self-approval on and says so.
        let server = try await Server(command: ["serve", "--port", "0", "--dev-workers", "--allow-self-approval", "*"])
        defer { _ = server.stop() }
        #expect(server.output.text.withLock { $0 }.contains("self-approval is on for every tenant"))
        let remote = ["--host", server.url, "--api-key", server.key]

        let installed = try await PackctlRunner.run(["install", "packs/hello/pack"] + remote)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("installed pack hello"))
        let listed = try await PackctlRunner.run(["list"] + remote)
        #expect(listed.stdout.contains("hello\t"))

        let greet = try await PackctlRunner.run(
            ["run", "hello.greet", "--input", #"{"name":"Ada"}"#, "--wait"] + remote
        )
        #expect(greet.status == 0, "\(greet.stderr)")
        #expect(greet.stdout.contains("hello.greet succeeded"))
        #expect(greet.stdout.contains("Ada"))

        let sign = try await PackctlRunner.run(
            [
                "run", "hello.greet-and-sign", "--input", #"{"name":"Ada"}"#, "--wait",
            ] + remote
        )
        #expect(sign.status == 0, "\(sign.stderr)")
        let approvalID = try #require(HostCommandTests.approvalID(in: sign.stdout), "\(sign.stdout)")
        let pending = try await PackctlRunner.run(["approvals"] + remote)
        #expect(pending.stdout.contains(approvalID))
        let approved = try await PackctlRunner.run(["approve", approvalID, "--reason", "ok"] + remote)
        #expect(approved.status == 0, "\(approved.stderr)")
        #expect(approved.stdout.contains("hello.greet-and-sign succeeded"))
        #expect(approved.stdout.contains("note: self-approval"))

        let runs = try await PackctlRunner.run(["runs", "--format", "json"] + remote)
        #expect(runs.status == 0)
        #expect(runs.stdout.contains("hello.greet-and-sign"))

        // Another tenant sees none of it.
        let other = try await PackctlRunner.run(["runs", "--tenant", "other"] + remote)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(other.stdout.contains("no runs"))

        // Refusals come back as the server's error, with exit 2, never echoing the key.
        let unknown = try await PackctlRunner.run(["run", "hello.nope"] + remote)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("hello.nope"))
        let wrongKey = try await PackctlRunner.run(["runs", "--host", server.url, "--api-key", "not-the-key"])
        #expect(wrongKey.status == 2)
        #expect(!wrongKey.stderr.contains("not-the-key"))
        #expect(!server.output.text.withLock { $0 }.contains("not-the-key"))
    }

    @Test func aServeRefusesSelfApprovalUnlessTheOperatorTurnedItOn() async throws {
        let server = try await Server()
        defer { _ = server.stop() }
        #expect(!server.output.text.withLock { $0 }.contains("self-approval is on"))
        let remote = ["--host", server.url, "--api-key", server.key]
        #expect(try await PackctlRunner.run(["install", "packs/hello/pack"] + remote).status == 0)
        let sign = try await PackctlRunner.run(
            ["run", "hello.greet-and-sign", "--input", #"{"name":"Ada"}"#, "--wait"] + remote
        )
        let approvalID = try #require(HostCommandTests.approvalID(in: sign.stdout), "\(sign.stdout)")
        let refused = try await PackctlRunner.run(["approve", approvalID, "--reason", "mine"] + remote)
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(try await PackctlRunner.run(["approvals"] + remote).stdout.contains(approvalID))
    }

    @Test func devServesAPackInstalledBeforeItStarted() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-dev-\(UUID().uuidString)")
            .path
        let installed = try await PackctlRunner.run(["install", "packs/hello/pack", "--data", data])
        #expect(installed.status == 0, "\(installed.stderr)")
        let server = try await Server(data: data, command: ["dev", "--port", "0"])
        defer { _ = server.stop() }
        let greet = try await PackctlRunner.run([
            "run", "hello.greet", "--input", #"{"name":"Lin"}"#, "--wait", "--host", server.url, "--api-key",
            server.key,
        ])
        #expect(greet.status == 0, "\(greet.stderr)")
        #expect(greet.stdout.contains("Hello, Lin!"))
    }
}
