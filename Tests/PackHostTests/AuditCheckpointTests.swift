import Bundler
import Foundation
import GRDB
import HTTPTypes
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// The host signs checkpoints of its audit log with a key kept outside the database, so a removed tail is found
/// without an anchor kept elsewhere (docs/audit.md, "Signed checkpoints").
@Suite struct AuditCheckpointTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audit-cp-\(UUID().uuidString)").path

    func open(interval: Int = 100) throws -> HostServices {
        var configuration = HostConfiguration()
        configuration.auditCheckpointInterval = interval
        return try HostServices.open(
            paths: HostPaths(dataDirectory: directory),
            configuration: configuration,
            clock: ManualClock()
        )
    }

    func append(_ count: Int, to services: HostServices) throws {
        let now = services.clock.now()
        try services.database.write { db in
            for index in 0..<count {
                try AuditLog.append(
                    AuditEvent(kind: "test.event", tenantID: "t", subject: "e\(index)"),
                    at: now,
                    in: db
                )
            }
        }
    }

    /// `packctl audit verify --data DIR`: the store opened read-only, the checkpoint and key from the folder.
    func verifyOffline() throws -> AuditVerification {
        try AuditCheckpointer.verify(
            try AuditStore.open(existingAt: directory + "/host.sqlite"),
            checkpointFile: directory + "/audit-checkpoint.json",
            publicKeyFile: directory + "/audit-checkpoint.pub"
        )
    }

    func kinds(_ result: AuditVerification) -> [String] { result.problems.map(\.kind.rawValue) }

    @Test func aTruncatedAuditTailIsDetectedWithoutAnAnchor() throws {
        let services = try open()
        try append(6, to: services)
        try services.checkpointer.checkpointNow(services.database, clock: services.clock)
        #expect(try services.checkpointer.verify(services.audit).ok)
        // Whoever can write the database removes the last four records; the chain that is left is valid.
        try services.database.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq > 2") }
        #expect(try services.audit.verify().ok, "the chain alone cannot show it")
        let result = try services.checkpointer.verify(services.audit)
        #expect(kinds(result) == ["truncated"])
        #expect(result.problems.first?.sequence == 3)
        #expect(kinds(try verifyOffline()) == ["truncated"])
    }

    @Test func aTailRewrittenToTheSameLengthIsDetected() throws {
        let services = try open()
        try append(4, to: services)
        try services.checkpointer.checkpointNow(services.database, clock: services.clock)
        try services.database.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq > 2") }
        try append(2, to: services)
        #expect(try services.audit.verify().ok)
        #expect(kinds(try services.checkpointer.verify(services.audit)) == ["anchor_mismatch"])
    }

    @Test func aCheckpointSignedByAnotherKeyIsRefused() throws {
        let services = try open()
        try append(6, to: services)
        try services.checkpointer.checkpointNow(services.database, clock: services.clock)
        try services.database.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq > 2") }
        // The attacker signs a checkpoint of the shortened log with a key of their own.
        let head = try #require(try services.database.read { db in try AuditLog.head(in: db) })
        let forged = try AuditCheckpoint.sign(head, at: services.clock.now(), with: SigningKey.generate())
        try Data(JSONEncoding.canonical(forged.json).utf8).write(
            to: URL(fileURLWithPath: directory + "/audit-checkpoint.json")
        )
        #expect(kinds(try services.checkpointer.verify(services.audit)) == ["checkpoint_invalid"])
        #expect(kinds(try verifyOffline()) == ["checkpoint_invalid"])
    }

    @Test func aRemovedCheckpointIsDetected() throws {
        let services = try open()
        try append(3, to: services)
        try FileManager.default.removeItem(atPath: directory + "/audit-checkpoint.json")
        #expect(kinds(try services.checkpointer.verify(services.audit)) == ["checkpoint_missing"])
        #expect(kinds(try verifyOffline()) == ["checkpoint_missing"])
    }

    @Test func aCheckpointDeletedBeforeARestartIsStillDetected() throws {
        let services = try open()
        try append(6, to: services)
        try services.checkpointer.checkpointNow(services.database, clock: services.clock)
        try services.database.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq > 2") }
        try FileManager.default.removeItem(atPath: directory + "/audit-checkpoint.json")
        // The host restarts and signs a checkpoint of the shortened log; the loss is on record.
        let restarted = try open()
        let result = try restarted.checkpointer.verify(restarted.audit)
        #expect(kinds(result) == ["checkpoint_missing"])
        #expect(result.problems.first?.sequence == 3)
        #expect(kinds(try verifyOffline()) == ["checkpoint_missing"])
    }

    @Test func aCheckpointFileThatIsNotACheckpointIsReported() throws {
        let services = try open()
        try append(2, to: services)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: directory + "/audit-checkpoint.json"))
        #expect(kinds(try services.checkpointer.verify(services.audit)) == ["checkpoint_invalid"])
    }

    @Test func theAuditKeyIsCreatedOnceOutsideTheDatabaseWithMode0600() throws {
        let first = try open()
        let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/audit-checkpoint.key")
        #expect((attributes[.posixPermissions] as? Int ?? 0) & 0o777 == 0o600)
        let again = try open()
        #expect(again.checkpointer.publicKey == first.checkpointer.publicKey)
        let database = try Data(contentsOf: URL(fileURLWithPath: directory + "/host.sqlite"))
        let secret = try String(contentsOfFile: directory + "/audit-checkpoint.key", encoding: .utf8)
        let seed = try #require(secret.split(whereSeparator: \.isWhitespace).last)
        #expect(database.range(of: Data(seed.utf8)) == nil)
    }

    @Test func aCheckpointIsSignedAfterEveryIntervalOfRecords() throws {
        let services = try open(interval: 3)
        try append(2, to: services)
        #expect(try services.checkpointer.checkpointIfDue(services.database, clock: services.clock) == nil)
        try append(1, to: services)
        let signed = try services.checkpointer.checkpointIfDue(services.database, clock: services.clock)
        #expect(signed?.head.sequence == 3)
        #expect(try services.checkpointer.verify(services.audit).checkpoint?.sequence == 3)
    }
}

/// `GET /audit/verify` checks the host's signed checkpoint.
@Suite struct AuditCheckpointAPITests {
    @Test func theAPIReportsATruncatedTailWithoutAnAnchor() async throws {
        let host = try APITestHost()
        let now = host.services.clock.now()
        try host.services.database.write { db in
            for index in 0..<5 {
                try AuditLog.append(AuditEvent(kind: "test.event", subject: "e\(index)"), at: now, in: db)
            }
        }
        try host.services.checkpointer.checkpointNow(host.services.database, clock: host.services.clock)
        try host.services.database.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE seq > 1") }
        try await host.test { client in
            let answer = try await client.call(.get, "/audit/verify")
            #expect(answer.json["ok"] == false)
            #expect(answer.json["problems"]?.arrayValue?.map { $0["kind"] } == ["truncated"])
            #expect(answer.json["checkpoint"]?["seq"] == 5)
        }
    }
}
