import Foundation
import GRDB
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct AuditCommandTests {
    /// A data folder whose host store holds `count` audit records.
    static func dataFolder(records count: Int) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-audit-\(UUID().uuidString)")
            .path
        let paths = HostPaths(dataDirectory: folder)
        try paths.createDataDirectory()
        let database = try HostDatabase(path: paths.hostDatabase, migrations: [AuditLog.migration])
        try database.write { db in
            for index in 0..<count {
                let event = AuditEvent(
                    kind: "job.dispatched",
                    tenantID: index % 2 == 0 ? "acme" : "globex",
                    subject: "job-\(index)"
                )
                try AuditLog.append(event, at: Timestamp(seconds: 1_768_730_400 + Int64(index)), in: db)
            }
        }
        return folder
    }

    static func tamper(_ folder: String, _ sql: String) throws {
        let database = try HostDatabase(
            path: HostPaths(dataDirectory: folder).hostDatabase,
            migrations: [AuditLog.migration]
        )
        try database.write { db in try db.execute(sql: sql) }
    }

    @Test func verifyExitsZeroOnAnIntactLogAndPrintsTheHead() async throws {
        let folder = try Self.dataFolder(records: 5)
        let output = try await PackctlRunner.run(["audit", "verify", "--data", folder])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("audit log intact: 5 records, head 5:"))
    }

    @Test func verifyExitsOneOnATamperedLogWithTheProblemInJSON() async throws {
        let folder = try Self.dataFolder(records: 5)
        try Self.tamper(folder, "UPDATE audit_log SET subject = 'job-x' WHERE seq = 2")
        let output = try await PackctlRunner.run(["audit", "verify", "--data", folder, "--format", "json"])
        #expect(output.status == 1)
        let json = try JSONParser.parse(output.stdout)
        #expect(json["ok"] == false)
        #expect(json["problems"]?.arrayValue?.first?["seq"] == 2)
        #expect(json["problems"]?.arrayValue?.first?["kind"] == "changed")
    }

    @Test func verifyWithAnAnchorCatchesATruncatedTail() async throws {
        let folder = try Self.dataFolder(records: 5)
        let head = try #require(
            try JSONParser.parse(
                try await PackctlRunner.run(["audit", "verify", "--data", folder, "--format", "json"]).stdout
            )["head"]
        )
        let anchor = "\(head["seq"]?.intValue ?? 0):\(head["hash"]?.stringValue ?? "")"
        try Self.tamper(folder, "DELETE FROM audit_log WHERE seq = 5")
        #expect(try await PackctlRunner.run(["audit", "verify", "--data", folder]).status == 0)
        let output = try await PackctlRunner.run(["audit", "verify", "--data", folder, "--anchor", anchor])
        #expect(output.status == 1)
        #expect(output.stdout.hasPrefix("record 5: truncated: the log ends at record 4 but the anchor names record 5"))
    }

    @Test func verifyCatchesATruncatedTailWithTheHostsSignedCheckpointAndNoAnchor() async throws {
        let folder = try Self.dataFolder(records: 5)
        let services = try HostServices.open(paths: HostPaths(dataDirectory: folder))
        #expect(try services.checkpointer.verify(services.audit).checkpoint?.sequence == 5)
        let intact = try await PackctlRunner.run(["audit", "verify", "--data", folder])
        #expect(intact.status == 0, "\(intact.stdout)")
        #expect(intact.stdout.contains("signed checkpoint at record 5"))
        try Self.tamper(folder, "DELETE FROM audit_log WHERE seq > 3")
        let output = try await PackctlRunner.run(["audit", "verify", "--data", folder, "--format", "json"])
        #expect(output.status == 1)
        let json = try JSONParser.parse(output.stdout)
        #expect(json["problems"]?.arrayValue?.map { $0["kind"] } == ["truncated"])
        // The checkpoint must be signed by the key given: another key's checkpoint is refused.
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("audit-key-\(UUID().uuidString)").path
        _ = try HostServices.open(paths: HostPaths(dataDirectory: other))
        let pinned = try await PackctlRunner.run([
            "audit", "verify", "--data", folder, "--checkpoint-key", other + "/audit-checkpoint.pub",
        ])
        #expect(pinned.status == 1)
        #expect(pinned.stdout.contains("checkpoint_invalid"))
    }

    @Test func aMissingStoreIsExitTwoNamingThePathAndIsNotCreated() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-audit-\(UUID().uuidString)")
            .path
        for command in [["verify"], ["export"]] {
            let output = try await PackctlRunner.run(["audit"] + command + ["--data", folder])
            #expect(output.status == 2)
            #expect(output.stderr.contains("no host store at \"\(folder)/host.sqlite\""))
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func aMalformedAnchorIsAUsageError() async throws {
        let folder = try Self.dataFolder(records: 1)
        let output = try await PackctlRunner.run(["audit", "verify", "--data", folder, "--anchor", "five"])
        #expect(output.status == 64)
        #expect(output.stderr.contains("invalid audit anchor \"five\""))
    }

    @Test func exportWritesJSONLinesFilteredByTenantAndSequence() async throws {
        let folder = try Self.dataFolder(records: 6)
        let stdout = try await PackctlRunner.run([
            "audit", "export", "--data", folder, "--tenant", "acme", "--since", "1",
        ])
        #expect(stdout.status == 0, "\(stdout.stderr)")
        let lines = stdout.stdout.split(separator: "\n").map(String.init)
        #expect(try lines.map { try JSONParser.parse($0)["seq"]?.intValue } == [3, 5])
        #expect(try lines.allSatisfy { try JSONParser.parse($0)["tenant_id"] == "acme" })

        let file = folder + "/export.jsonl"
        let output = try await PackctlRunner.run(["audit", "export", "--data", folder, "--out", file])
        #expect(output.status == 0)
        #expect(output.stderr == "exported 6 records to \(file)\n")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 6)
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber
        #expect(permissions?.intValue == 0o600)
        #expect(!FileManager.default.fileExists(atPath: file + ".partial"))
    }

    @Test func verifyChecksAnExportFile() async throws {
        let folder = try Self.dataFolder(records: 4)
        let file = folder + "/export.jsonl"
        #expect(try await PackctlRunner.run(["audit", "export", "--data", folder, "--out", file]).status == 0)
        let intact = try await PackctlRunner.run(["audit", "verify", "--file", file])
        #expect(intact.status == 0)
        #expect(intact.stdout.hasPrefix("audit log intact: 4 records, head 4:"))
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "job-2", with: "job-9").write(toFile: file, atomically: true, encoding: .utf8)
        let broken = try await PackctlRunner.run(["audit", "verify", "--file", file])
        #expect(broken.status == 1)
        #expect(broken.stdout.hasPrefix("record 3: changed:"))
        #expect(try await PackctlRunner.run(["audit", "verify", "--file", folder + "/nothing.jsonl"]).status == 2)
    }
}
