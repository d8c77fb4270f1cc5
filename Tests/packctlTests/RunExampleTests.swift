import Foundation
import StructuredData
import Testing

/// `packctl run WORKFLOW --example [N]`: a workflow's example inputs, run as given.
@Suite struct RunExampleTests {
    @Test func theFirstExampleRunsByDefaultAndNPicksAnother() async throws {
        let data = try await HostCommandTests.helloHost()
        let first = try await PackctlRunner.run(["run", "hello.greet", "--example", "--wait", "--data", data])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("hello.greet succeeded"))
        #expect(first.stdout.contains("Hello, Ada!"))

        let second = try await PackctlRunner.run([
            "run", "hello.greet", "--example", "1", "--wait", "--format", "json", "--data", data,
        ])
        #expect(second.status == 0, "\(second.stderr)")
        let run = try JSONParser.parse(Array(second.stdout.utf8), file: "stdout").value
        #expect(run["run"]?["input"] == ["name": "Grace", "language": "fr"])
        #expect(run["run"]?["steps"]?["greet"]?["output"]?["greeting"] == "Bonjour, Grace !")
    }

    @Test func anExampleNumberOutOfRangeNamesHowManyThereAre() async throws {
        let data = try await HostCommandTests.helloHost()
        let out = try await PackctlRunner.run(["run", "hello.greet", "--example", "2", "--data", data])
        #expect(out.status == 2)
        #expect(out.stderr.contains("--example 2"))
        #expect(out.stderr.contains("2 example(s)"))
        #expect(out.stderr.contains("examples 0 to 1"))
    }

    @Test func anExampleAndAnExplicitInputAreExclusive() async throws {
        let data = try await HostCommandTests.helloHost()
        let both = try await PackctlRunner.run([
            "run", "hello.greet", "--example", "--input", #"{"name":"Ada"}"#, "--data", data,
        ])
        #expect(both.status == 64)
        #expect(both.stderr.contains("give either --example or --input/--input-file, not both"))

        let numberAlone = try await PackctlRunner.run(["run", "hello.greet", "1", "--data", data])
        #expect(numberAlone.status == 64)
        #expect(numberAlone.stderr.contains("goes with --example"))
    }

    @Test func anExampleOfAWriteWorkflowStopsAtItsApproval() async throws {
        let data = try await HostCommandTests.helloHost()
        let out = try await PackctlRunner.run([
            "run", "hello.greet-and-sign", "--example", "0", "--wait", "--data", data,
        ])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Hallo, Ada!"))
        #expect(HostCommandTests.approvalID(in: out.stdout) != nil)
    }
}

/// `packctl generate`: files written from the topics table, and `--check`.
@Suite struct GenerateCommandTests {
    static func copyOfHello() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("generate-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: PackctlRunner.repositoryRoot + "/packs/hello/pack",
            toPath: folder + "/hello"
        )
        return folder + "/hello"
    }

    @Test func theRepositoryPacksAreUpToDate() async throws {
        let out = try await PackctlRunner.run(["generate", "--check", "packs/hello", "packs/github"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("packs/github/pack: generated files are up to date"))
    }

    @Test func checkReportsAStaleFileAndGenerateFixesIt() async throws {
        let pack = try Self.copyOfHello()
        let table = pack + "/topics.yaml"
        let text = try String(contentsOfFile: table, encoding: .utf8)
        try text.replacingOccurrences(of: "timeout_seconds: 30", with: "timeout_seconds: 40")
            .write(toFile: table, atomically: true, encoding: .utf8)

        let stale = try await PackctlRunner.run(["generate", "--check", pack])
        #expect(stale.status == 1)
        #expect(stale.stderr.contains("overlays/timeouts.patch.yaml: stale: line 4"))
        #expect(stale.stderr.contains("run: packctl generate \(pack)"))

        let written = try await PackctlRunner.run(["generate", pack])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout == "wrote \(pack)/overlays/timeouts.patch.yaml\n")
        let again = try await PackctlRunner.run(["generate", pack])
        #expect(again.stdout == "\(pack): generated files are up to date\n")
        let lint = try await PackctlRunner.run(["lint", pack])
        #expect(lint.status == 0, "\(lint.stdout)")
    }

    @Test func anInvalidTableExitsTwoNamingTheField() async throws {
        let pack = try Self.copyOfHello()
        let table = pack + "/topics.yaml"
        let text = try String(contentsOfFile: table, encoding: .utf8)
        try text.replacingOccurrences(of: "policy: workflow-gated", with: "policy: allow")
            .write(toFile: table, atomically: true, encoding: .utf8)
        let out = try await PackctlRunner.run(["generate", pack])
        #expect(out.status == 2)
        #expect(out.stderr.contains("actions[1].policy: policy allow does not fit risk tags [write]"))
    }
}
