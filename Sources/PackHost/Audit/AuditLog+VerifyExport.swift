import GRDB
import StructuredData
import WorkflowEngine

extension AuditLog {
    /// Walks an export of the whole log (``AuditRecord/exportLine``, one per line, blank lines ignored) as
    /// ``verify(anchor:in:)`` walks the store, so a copy kept elsewhere can be checked without the host.
    /// A line that is not an exported record is reported as `changed` at the sequence number it should have.
    public static func verify(exportLines lines: some Sequence<String>, anchor: AuditAnchor? = nil) -> AuditVerification
    {
        var walker = AuditChainWalker(anchor: anchor)
        for line in lines where !line.allSatisfy(\.isWhitespace) {
            if let row = row(fromExportLine: line) {
                walker.check(row)
            } else {
                walker.unreadable("the line is not an exported audit record, so the record was changed")
            }
        }
        return walker.finish()
    }

    /// The stored row an export line stands for, or nil when the line is not an exported record.
    private static func row(fromExportLine line: String) -> Row? {
        guard let object = (try? JSONParser.parse(line))?.objectValue,
            let sequence = object["seq"]?.intValue,
            let timeText = object["time"]?.stringValue, let time = Timestamp(rfc3339: timeText),
            let tenant = object["tenant_id"]?.stringValue,
            let principal = object["principal"]?.stringValue,
            let kind = object["kind"]?.stringValue,
            let subject = object["subject"]?.stringValue,
            let data = object["data"],
            let previous = object["prev_hash"]?.stringValue,
            let hash = object["hash"]?.stringValue
        else { return nil }
        let columns: [String: (any DatabaseValueConvertible)?] = [
            "seq": Int64(sequence), "time": time.milliseconds, "tenant_id": tenant, "principal": principal,
            "kind": kind, "subject": subject, "data": JSONEncoding.canonical(data), "prev_hash": previous,
            "hash": hash,
        ]
        return Row(columns)
    }
}
