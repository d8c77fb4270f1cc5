import GRDB
import StructuredData
import WorkflowEngine

/// Walks stored audit rows in sequence order and collects every break of the chain. Rows are read as raw
/// values so a tampered row (a changed type, data that no longer parses) is reported, never trusted.
struct AuditChainWalker {
    private var expectedSequence: Int64 = 1
    private var previousHash = AuditLog.genesisHash
    private var previousSequence: Int64 = 0
    private var anchorHashSeen: String?
    private let anchor: AuditAnchor?
    private(set) var records = 0
    private(set) var problems: [AuditProblem] = []

    private var previousUnknown = false

    init(anchor: AuditAnchor?) { self.anchor = anchor }

    /// The columns ``check(_:)`` reads, in order.
    static let selection = "seq, time, tenant_id, principal, kind, subject, data, prev_hash, hash"

    /// Checks the next row (rows must come in ascending `seq`).
    mutating func check(_ row: Row) {
        records += 1
        let storedSequence = Int64.fromDatabaseValue(row["seq"]) ?? 0
        let storedHash = String.fromDatabaseValue(row["hash"]) ?? ""
        defer {
            previousUnknown = false
            previousHash = storedHash
            previousSequence = storedSequence
            expectedSequence = storedSequence + 1
            if storedSequence == anchor?.sequence { anchorHashSeen = storedHash }
        }
        if storedSequence > expectedSequence {
            let range =
                storedSequence - expectedSequence == 1
                ? "record \(expectedSequence) is missing"
                : "records \(expectedSequence)–\(storedSequence - 1) are missing"
            let after =
                previousSequence == 0
                ? "the log starts at record \(storedSequence)"
                : "record \(storedSequence) follows record \(previousSequence)"
            problems.append(AuditProblem(sequence: expectedSequence, kind: .missing, message: "\(range): \(after)"))
        } else if storedSequence < expectedSequence {
            problems.append(
                AuditProblem(
                    sequence: storedSequence,
                    kind: .changed,
                    message:
                        "the record's sequence number \(storedSequence) is out of order (expected \(expectedSequence))"
                )
            )
            return
        } else if !previousUnknown, let link = String.fromDatabaseValue(row["prev_hash"]), link != previousHash {
            let previous =
                previousSequence == 0
                ? "the genesis hash" : "the hash of record \(previousSequence) (\(Self.short(previousHash)))"
            problems.append(
                AuditProblem(
                    sequence: storedSequence,
                    kind: .brokenLink,
                    message:
                        "prev_hash \(Self.short(link)) is not \(previous): records were reordered, replaced or removed"
                )
            )
        }
        switch Self.record(from: row) {
        case .failure(let reason):
            problems.append(AuditProblem(sequence: storedSequence, kind: .changed, message: reason.description))
        case .success(let record):
            if AuditLog.hash(of: record) != storedHash {
                problems.append(
                    AuditProblem(
                        sequence: storedSequence,
                        kind: .changed,
                        message: "the stored hash \(Self.short(storedHash)) does not match the record's content: "
                            + "a field was changed after it was written"
                    )
                )
            }
        }
    }

    /// Counts an entry that is not a record at all (a line of an export that does not parse) as the next
    /// record, changed; the next record's link is not checked, since the hash it should link to is unknown.
    mutating func unreadable(_ message: String) {
        records += 1
        problems.append(AuditProblem(sequence: expectedSequence, kind: .changed, message: message))
        previousSequence = expectedSequence
        expectedSequence += 1
        previousUnknown = true
    }

    /// The result, with the anchor (if any) checked against what was walked.
    func finish() -> AuditVerification {
        var problems = problems
        let head = records == 0 ? nil : AuditAnchor(sequence: previousSequence, hash: previousHash)
        if let anchor {
            if anchor.sequence > previousSequence {
                let end = records == 0 ? "the log is empty" : "the log ends at record \(previousSequence)"
                problems.append(
                    AuditProblem(
                        sequence: previousSequence + 1,
                        kind: .truncated,
                        message:
                            "\(end) but the anchor names record \(anchor.sequence): records were removed from the end"
                    )
                )
            } else if let seen = anchorHashSeen {
                if seen != anchor.hash {
                    problems.append(
                        AuditProblem(
                            sequence: anchor.sequence,
                            kind: .anchorMismatch,
                            message: "record \(anchor.sequence) has hash \(Self.short(seen)) but the anchor says "
                                + "\(Self.short(anchor.hash)): the log was rewritten up to it"
                        )
                    )
                }
            } else {
                problems.append(
                    AuditProblem(
                        sequence: anchor.sequence,
                        kind: .anchorMismatch,
                        message: "the anchor's record \(anchor.sequence) is not in the log"
                    )
                )
            }
        }
        return AuditVerification(records: records, head: head, problems: problems)
    }

    /// Rebuilds the record a row holds, or says why it cannot be one.
    static func record(from row: Row) -> Result<AuditRecord, Reason> {
        guard let sequence = Int64.fromDatabaseValue(row["seq"]),
            let time = Int64.fromDatabaseValue(row["time"]),
            let tenant = String.fromDatabaseValue(row["tenant_id"]),
            let principal = String.fromDatabaseValue(row["principal"]),
            let kind = String.fromDatabaseValue(row["kind"]),
            let subject = String.fromDatabaseValue(row["subject"]),
            let dataText = String.fromDatabaseValue(row["data"]),
            let previous = String.fromDatabaseValue(row["prev_hash"]),
            let hash = String.fromDatabaseValue(row["hash"])
        else {
            return .failure(Reason("a column holds a value of the wrong type, so the record was changed"))
        }
        guard let data = try? JSONParser.parse(dataText, file: "audit_log.data") else {
            return .failure(Reason("the data column is not valid JSON, so the record was changed"))
        }
        let event = AuditEvent(kind: kind, tenantID: tenant, principal: principal, subject: subject, data: data)
        return .success(
            AuditRecord(
                sequence: sequence,
                time: Timestamp(milliseconds: time),
                event: event,
                previousHash: previous,
                hash: hash
            )
        )
    }

    /// Why a row is not a record.
    struct Reason: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The first 12 hex digits, enough to tell hashes apart in a message.
    static func short(_ hash: String) -> String { hash.count > 12 ? String(hash.prefix(12)) + "…" : hash }
}
