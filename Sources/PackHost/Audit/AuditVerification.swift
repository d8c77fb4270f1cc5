public import StructuredData

/// The outcome of walking the audit chain: how many records were checked, the head, and every break found
/// (the first one is where tampering starts).
public struct AuditVerification: Sendable, Hashable {
    /// The number of records walked.
    public var records: Int
    /// The last record's sequence number and hash, nil for an empty log. Keep it as an anchor.
    public var head: AuditAnchor?
    /// The breaks found, in log order; empty when the log is intact.
    public var problems: [AuditProblem]
    /// The signed checkpoint the log was checked against, when one was trusted.
    public var checkpoint: AuditAnchor?

    /// Creates a result.
    public init(records: Int, head: AuditAnchor?, problems: [AuditProblem], checkpoint: AuditAnchor? = nil) {
        self.records = records
        self.head = head
        self.problems = problems
        self.checkpoint = checkpoint
    }

    /// Whether the chain is intact (and matches the anchor, when one was given).
    public var ok: Bool { problems.isEmpty }

    /// `{ok, records, head: {seq, hash} | null, problems: [{seq, kind, message}]}`, plus `checkpoint: {seq, hash}`
    /// when a signed checkpoint was checked.
    public var json: JSONValue {
        var json: [String: JSONValue] = [
            "ok": .bool(ok),
            "records": .integer(records),
            "head": head.map { ["seq": .integer(Int($0.sequence)), "hash": .string($0.hash)] } ?? .null,
            "problems": .array(
                problems.map {
                    [
                        "seq": .integer(Int($0.sequence)), "kind": .string($0.kind.rawValue),
                        "message": .string($0.message),
                    ]
                }
            ),
        ]
        if let checkpoint {
            json["checkpoint"] = ["seq": .integer(Int(checkpoint.sequence)), "hash": .string(checkpoint.hash)]
        }
        return .object(json)
    }

    /// A readable report: one line per problem, then a summary naming the head to keep as an anchor.
    public var text: String {
        var lines = problems.map { "record \($0.sequence): \($0.kind): \($0.message)" }
        let head =
            (head.map { "head \($0)" } ?? "no head")
            + (checkpoint.map { ", signed checkpoint at record \($0.sequence)" } ?? "")
        let count = records == 1 ? "1 record" : "\(records) records"
        if ok {
            lines.append("audit log intact: \(count), \(head)")
        } else {
            let breaks = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
            lines.append("audit log BROKEN: \(breaks) in \(count), \(head)")
        }
        return lines.joined(separator: "\n")
    }
}
