import Foundation
import GRDB
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

@Suite struct AuditVerifyTests {
    /// A new store in a temporary folder.
    static func database() throws -> HostDatabase {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try HostDatabase(path: folder.appendingPathComponent("host.sqlite").path)
    }

    /// A store holding `count` records, alternating between two tenants and system events.
    static func log(_ count: Int) throws -> HostDatabase {
        let database = try database()
        let start = Timestamp(seconds: 1_768_730_400)
        try database.write { db in
            for index in 1...count {
                let tenant = ["acme", "globex", ""][index % 3]
                let event = AuditEvent(
                    kind: "policy.decision",
                    tenantID: tenant,
                    principal: "user-\(index % 7)",
                    subject: "job-\(index)",
                    data: ["decision": "ALLOW", "rule_id": .string("rule-\(index % 5)"), "n": .integer(index)]
                )
                try AuditLog.append(event, at: start.adding(milliseconds: Int64(index)), in: db)
            }
        }
        return database
    }

    static func execute(_ database: HostDatabase, _ sql: String) throws {
        try database.write { db in try db.execute(sql: sql) }
    }

    @Test func aCleanLogOfAThousandRecordsVerifies() throws {
        let database = try Self.log(1000)
        let result = try AuditStore(database: database).verify()
        #expect(result.ok)
        #expect(result.records == 1000)
        #expect(result.problems.isEmpty)
        let last = try database.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq = 1000")
        }
        #expect(result.head == AuditAnchor(sequence: 1000, hash: try #require(last)))
        #expect(try AuditStore(database: database).verify(anchor: result.head).ok)
    }

    /// The record hash is SHA-256 over the previous hash, a newline and the canonical JSON of the record's body,
    /// for every kind of text (quotes, HTML characters, non-ASCII, line separators) and data.
    @Test func theRecordHashIsOverTheCanonicalBody() throws {
        let texts = ["", "plain", "q\"uote", "<a&b>", "naïve ✓", "line\u{2028}sep", "tab\tnew\nline", "\u{1}"]
        for (index, text) in texts.enumerated() {
            let event = AuditEvent(
                kind: "kind.\(text)",
                tenantID: text,
                principal: "p\(text)",
                subject: text + "s",
                data: ["text": .string(text), "n": .integer(index), "nested": ["x": [1, 2.5, .null, true]]]
            )
            let record = AuditRecord(
                sequence: Int64(index + 1),
                time: Timestamp(milliseconds: 1_764_000_000_000 + Int64(index)),
                event: event,
                previousHash: String(repeating: "a", count: 64),
                hash: ""
            )
            let body: JSONValue = [
                "seq": .integer(index + 1), "time": .integer(1_764_000_000_000 + index),
                "tenant_id": .string(event.tenantID), "principal": .string(event.principal),
                "kind": .string(event.kind), "subject": .string(event.subject), "data": event.data,
            ]
            let expected = Hashing.sha256Hex(record.previousHash + "\n" + JSONEncoding.canonical(body))
            #expect(AuditLog.hash(of: record) == expected, "record \(index)")
        }
    }

    @Test func anEmptyLogVerifiesWithNoHead() throws {
        let result = try AuditStore(database: try Self.database()).verify()
        #expect(result.ok && result.records == 0 && result.head == nil)
        #expect(result.json == ["ok": true, "records": 0, "head": nil, "problems": []])
    }

    @Test func changedDataIsReportedAtItsRecordOnly() throws {
        let database = try Self.log(50)
        try Self.execute(database, "UPDATE audit_log SET data = '{\"decision\":\"DENY\"}' WHERE seq = 17")
        let result = try AuditStore(database: database).verify()
        #expect(!result.ok)
        #expect(result.problems.map(\.sequence) == [17])
        #expect(result.problems.first?.kind == .changed)
    }

    @Test(arguments: ["tenant_id = 'other'", "principal = 'root'", "kind = 'x'", "subject = 'y'", "time = time + 1"])
    func everyHashedColumnIsCovered(assignment: String) throws {
        let database = try Self.log(5)
        try Self.execute(database, "UPDATE audit_log SET \(assignment) WHERE seq = 3")
        let problems = try AuditStore(database: database).verify().problems
        #expect(problems.map(\.sequence) == [3])
        #expect(problems.map(\.kind) == [.changed])
    }

    @Test func dataThatNoLongerParsesIsAChange() throws {
        let database = try Self.log(5)
        try Self.execute(database, "UPDATE audit_log SET data = '{not json' WHERE seq = 2")
        try Self.execute(database, "UPDATE audit_log SET time = 'soon' WHERE seq = 4")
        let problems = try AuditStore(database: database).verify().problems
        #expect(problems.map(\.sequence) == [2, 4])
        #expect(problems.allSatisfy { $0.kind == .changed })
    }

    @Test func aDeletedMiddleRecordIsReportedAsMissing() throws {
        let database = try Self.log(50)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq = 20")
        let result = try AuditStore(database: database).verify()
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.kind == .missing)
        #expect(result.problems.first?.sequence == 20)
        #expect(result.problems.first?.message == "record 20 is missing: record 21 follows record 19")
    }

    @Test func deletedFirstRecordsAreMissingFromOne() throws {
        let database = try Self.log(10)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq <= 3")
        let problem = try #require(try AuditStore(database: database).verify().problems.first)
        #expect(problem.kind == .missing && problem.sequence == 1)
        #expect(problem.message == "records 1–3 are missing: the log starts at record 4")
    }

    @Test func deletingAndRenumberingBreaksTheLink() throws {
        let database = try Self.log(10)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq = 5")
        try Self.execute(database, "UPDATE audit_log SET seq = seq - 1 WHERE seq > 5")
        let problems = try AuditStore(database: database).verify().problems
        #expect(problems.first?.kind == .brokenLink)
        #expect(problems.first?.sequence == 5)
    }

    @Test func swappingTwoRecordsIsReportedAtTheFirst() throws {
        let database = try Self.log(30)
        let columns = "time, tenant_id, principal, kind, subject, data, prev_hash, hash"
        try database.write { db in
            let ten = try Row.fetchOne(db, sql: "SELECT \(columns) FROM audit_log WHERE seq = 10")!
            let twenty = try Row.fetchOne(db, sql: "SELECT \(columns) FROM audit_log WHERE seq = 20")!
            let assignments = columns.split(separator: ", ").map { "\($0) = ?" }.joined(separator: ", ")
            for (seq, row) in [(10, twenty), (20, ten)] {
                try db.execute(
                    sql: "UPDATE audit_log SET \(assignments) WHERE seq = ?",
                    arguments: StatementArguments(Array(row.databaseValues) + [seq.databaseValue])
                )
            }
        }
        let problems = try AuditStore(database: database).verify().problems
        #expect(problems.first?.sequence == 10)
        #expect(problems.first?.kind == .brokenLink)
        #expect(problems.contains { $0.sequence == 10 && $0.kind == .changed })
        #expect(problems.contains { $0.sequence == 20 && $0.kind == .changed })
    }

    @Test func swappingOnlyTheDataOfTwoRecordsChangesBoth() throws {
        let database = try Self.log(30)
        try database.write { db in
            let ten = try String.fetchOne(db, sql: "SELECT data FROM audit_log WHERE seq = 10")
            let twenty = try String.fetchOne(db, sql: "SELECT data FROM audit_log WHERE seq = 20")
            try db.execute(sql: "UPDATE audit_log SET data = ? WHERE seq = 10", arguments: [twenty])
            try db.execute(sql: "UPDATE audit_log SET data = ? WHERE seq = 20", arguments: [ten])
        }
        let problems = try AuditStore(database: database).verify().problems
        #expect(problems.map(\.sequence) == [10, 20])
        #expect(problems.allSatisfy { $0.kind == .changed })
    }

    @Test func aTruncatedTailIsCaughtOnlyWithAnAnchor() throws {
        let database = try Self.log(40)
        let store = AuditStore(database: database)
        let anchor = try #require(try store.verify().head)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq >= 39")
        #expect(try store.verify().ok, "without an anchor a shorter chain is still a valid chain")
        let result = try store.verify(anchor: anchor)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.kind == .truncated)
        #expect(result.problems.first?.sequence == 39)
        #expect(
            result.problems.first?.message
                == "the log ends at record 38 but the anchor names record 40: records were removed from the end"
        )
    }

    @Test func aRewrittenTailDoesNotMatchTheAnchor() throws {
        let database = try Self.log(10)
        let store = AuditStore(database: database)
        let anchor = try #require(try store.verify().head)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq = 10")
        try database.write { db in
            _ = try AuditLog.append(
                AuditEvent(kind: "forged", subject: "x"),
                at: Timestamp(seconds: 1_768_730_500),
                in: db
            )
        }
        let result = try store.verify(anchor: anchor)
        #expect(result.problems.map(\.kind) == [.anchorMismatch])
        #expect(result.problems.first?.sequence == 10)
    }

    @Test func anAnchorOnARemovedRecordIsReported() throws {
        let database = try Self.log(10)
        let hash = try database.read { db in try String.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq = 6") }
        try Self.execute(database, "DELETE FROM audit_log WHERE seq = 6")
        let result = try AuditStore(database: database).verify(
            anchor: AuditAnchor(sequence: 6, hash: try #require(hash))
        )
        #expect(result.problems.map(\.kind) == [.missing, .anchorMismatch])
    }

    @Test func anchorsParseFromSeqColonHash() throws {
        let hash = String(repeating: "ab", count: 32)
        #expect(try AuditAnchor(parsing: "12:\(hash.uppercased())") == AuditAnchor(sequence: 12, hash: hash))
        #expect(AuditAnchor(sequence: 12, hash: hash).description == "12:\(hash)")
        for bad in [
            "", "12", "x:\(hash)", "0:\(hash)", "-1:\(hash)", "12:abc", "12:\(hash)0",
            "12:" + String(repeating: "g", count: 64),
        ] {
            #expect(throws: HostError.self) { try AuditAnchor(parsing: bad) }
            do throws(HostError) { _ = try AuditAnchor(parsing: bad) } catch { #expect(error.code == .invalidArgument) }
        }
    }

    @Test func theTextReportNamesEveryProblemAndTheHead() throws {
        let database = try Self.log(3)
        try Self.execute(database, "DELETE FROM audit_log WHERE seq = 2")
        let result = try AuditStore(database: database).verify()
        let head = try #require(result.head)
        #expect(
            result.text == """
                record 2: missing: record 2 is missing: record 3 follows record 1
                audit log BROKEN: 1 problem in 2 records, head \(head)
                """
        )
        #expect(result.json["ok"] == false)
        #expect(
            result.json["problems"] == [
                ["seq": 2, "kind": "missing", "message": "record 2 is missing: record 3 follows record 1"]
            ]
        )
    }
}
