import Foundation
import GRDB
import PackHost
import StructuredData
import Testing
import WorkflowEngine

@Suite struct AuditExportTests {
    @Test func recordsFilterByTenantAndPageAfterASequenceNumber() throws {
        let store = AuditStore(database: try AuditVerifyTests.log(30))
        let acme = try store.records(tenant: "acme")
        #expect(acme.count == 10)
        #expect(acme.allSatisfy { $0.event.tenantID == "acme" })
        #expect(acme.map(\.sequence) == Array(stride(from: 3, through: 30, by: 3)))
        #expect(try store.records(tenant: "").allSatisfy { $0.event.tenantID == "" })
        #expect(try store.records(tenant: nil).count == 30)
        #expect(try store.records(tenant: nil, since: 25).map(\.sequence) == [26, 27, 28, 29, 30])
        #expect(try store.records(tenant: nil, since: 5, limit: 2).map(\.sequence) == [6, 7])
        #expect(try store.records(tenant: "nobody").isEmpty)
        for (since, limit) in [(-1, 10), (0, 0)] {
            #expect(
                throws: HostError(
                    .invalidArgument,
                    since < 0
                        ? "since must be a sequence number of 0 or more, not -1" : "limit must be at least 1, not 0"
                )
            ) {
                try store.records(tenant: nil, since: Int64(since), limit: limit)
            }
        }
    }

    @Test func anExportLineIsCanonicalJSONWithEveryHashedField() throws {
        let database = try AuditVerifyTests.database()
        let record = try database.write { db in
            try AuditLog.append(
                AuditEvent(
                    kind: "approval.granted",
                    tenantID: "acme",
                    principal: "alice",
                    subject: "job-1",
                    data: ["b": 1, "a": "<x>"]
                ),
                at: Timestamp(milliseconds: 1_768_730_400_123),
                in: db
            )
        }
        let line = try #require(try AuditStore(database: database).records(tenant: "acme").first).exportLine
        #expect(
            line == #"{"data":{"a":"\u003cx\u003e","b":1},"hash":"\#(record.hash)","kind":"approval.granted","#
                + #""prev_hash":"\#(AuditLog.genesisHash)","principal":"alice","seq":1,"subject":"job-1","#
                + #""tenant_id":"acme","time":"2026-01-18T10:00:00.123Z"}"#
        )
        #expect(!line.contains("\n"))
    }

    @Test func exportWalksEveryPage() throws {
        let store = AuditStore(database: try AuditVerifyTests.log(25))
        var lines: [String] = []
        let count = try store.export(tenant: nil, since: 3, pageSize: 4) { lines.append($0) }
        #expect(count == 22 && lines.count == 22)
        let sequences = try lines.map { try JSONParser.parse($0)["seq"]?.intValue }
        #expect(sequences == Array(4...25))
    }

    @Test func openingAMissingStoreNamesThePathAndCreatesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)").path
        let path = HostPaths(dataDirectory: folder).hostDatabase
        #expect(
            throws: HostError(.notFound, "no host store at \"\(path)\" (pass the host's data directory with --data)")
        ) {
            try AuditStore.open(existingAt: path)
        }
        #expect(!FileManager.default.fileExists(atPath: folder))
    }

    @Test func openingAFileThatIsNotAHostStoreIsUnavailable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = folder.appendingPathComponent("host.sqlite").path
        try "hello".write(toFile: text, atomically: true, encoding: .utf8)
        do throws(HostError) {
            _ = try AuditStore.open(existingAt: text)
            Issue.record("a text file opened as a store")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains(text))
        }
        let empty = folder.appendingPathComponent("empty.sqlite").path
        try DatabaseQueue(path: empty).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        #expect(throws: HostError(.unavailable, "\"\(empty)\" is not a host store: it has no audit_log table")) {
            try AuditStore.open(existingAt: empty)
        }
    }

    @Test func aStoreOpenedReadOnlyVerifiesAndLeavesTheFileAlone() throws {
        let database = try AuditVerifyTests.log(12)
        let path = database.pool.path
        let before = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        let store = try AuditStore.open(existingAt: path)
        let result = try store.verify()
        #expect(result.ok && result.records == 12)
        let after = try database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        #expect(before == after)
    }

    @Test func hostPathsPlaceTheStoresInThePrivateDataFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString)/data")
            .path
        let paths = HostPaths(dataDirectory: folder)
        #expect(paths.hostDatabase == folder + "/host.sqlite")
        #expect(paths.runDatabase == folder + "/runs.sqlite")
        #expect(HostPaths().hostDatabase == ".cordum/host.sqlite")
        try paths.createDataDirectory()
        try paths.createDataDirectory()
        let attributes = try FileManager.default.attributesOfItem(atPath: folder)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let file = folder + "/host.sqlite"
        try "x".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(throws: HostError.self) { try HostPaths(dataDirectory: file).createDataDirectory() }
    }
}

@Suite struct AuditExportVerifyTests {
    static func exportLines(_ count: Int) throws -> [String] {
        var lines: [String] = []
        try AuditStore(database: try AuditVerifyTests.log(count)).export(tenant: nil) { lines.append($0) }
        return lines
    }

    @Test func aFullExportVerifiesLikeTheStore() throws {
        let lines = try Self.exportLines(20)
        let result = AuditLog.verify(exportLines: lines + [""])
        #expect(result.ok && result.records == 20)
        #expect(result.head?.sequence == 20)
        #expect(AuditLog.verify(exportLines: lines, anchor: result.head).ok)
    }

    @Test func anEditedLineIsChangedAndADroppedLineIsMissing() throws {
        var lines = try Self.exportLines(20)
        lines[4] = lines[4].replacingOccurrences(of: "\"principal\":\"user-5\"", with: "\"principal\":\"mallory\"")
        lines.remove(at: 9)
        let problems = AuditLog.verify(exportLines: lines).problems
        #expect(problems.map(\.kind) == [.changed, .missing])
        #expect(problems.map(\.sequence) == [5, 10])
    }

    @Test func aLineThatIsNotARecordIsChangedInPlace() throws {
        var lines = try Self.exportLines(5)
        let anchor = try #require(AuditLog.verify(exportLines: lines).head)
        lines[2] = "{oops"
        let problems = AuditLog.verify(exportLines: lines).problems
        #expect(
            problems == [
                AuditProblem(
                    sequence: 3,
                    kind: .changed,
                    message: "the line is not an exported audit record, so the record was changed"
                )
            ]
        )
        let truncated = AuditLog.verify(exportLines: Array(try Self.exportLines(5).prefix(4)), anchor: anchor)
        #expect(truncated.problems.map(\.kind) == [.truncated])
    }
}
