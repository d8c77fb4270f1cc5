import Foundation
import StructuredData
import Testing

/// `packctl audit export --host`: the tenant's records read from a running host's API, as JSON lines.
@Suite(.serialized) struct AuditExportRemoteTests {
    @Test func exportWithHostWritesTheTenantsRecordsAsJSONLines() async throws {
        let server = try await HostRemoteTests.Server()
        defer { _ = server.stop() }
        let remote = ["--host", server.url, "--api-key", server.key]
        #expect(try await PackctlRunner.run(["install", "packs/hello/pack"] + remote).status == 0)
        let greet = try await PackctlRunner.run(
            ["run", "hello.greet", "--input", #"{"name":"Ada"}"#, "--wait"] + remote
        )
        #expect(greet.status == 0, "\(greet.stderr)")

        let exported = try await PackctlRunner.run(["audit", "export"] + remote)
        #expect(exported.status == 0, "\(exported.stderr)")
        let records = try exported.stdout.split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(records.contains { $0["kind"] == "run.started" })
        #expect(records.allSatisfy { $0["tenant_id"] == "default" && $0["hash"]?.stringValue?.count == 64 })
        let sequences = records.compactMap { $0["seq"]?.intValue }
        #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)

        // --since skips what came before; --out writes the same lines to a file.
        let first = try #require(sequences.first)
        let later = try await PackctlRunner.run(["audit", "export", "--since", String(first)] + remote)
        #expect(later.stdout.split(separator: "\n").count == records.count - 1)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).jsonl")
        let written = try await PackctlRunner.run(["audit", "export", "--out", file.path] + remote)
        #expect(written.status == 0, "\(written.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == exported.stdout)

        // Another tenant's export holds none of it; a wrong key is exit 2 and is never echoed.
        let other = try await PackctlRunner.run(["audit", "export", "--tenant", "other"] + remote)
        #expect(other.status == 0, "\(other.stderr)")
        #expect(!other.stdout.contains("run.started"))
        let refused = try await PackctlRunner.run(["audit", "export", "--host", server.url, "--api-key", "wrong-key"])
        #expect(refused.status == 2)
        #expect(!refused.stderr.contains("wrong-key"))
    }
}
