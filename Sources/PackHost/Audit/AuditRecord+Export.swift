public import StructuredData
import WorkflowEngine

extension AuditRecord {
    /// The record as exported: `{seq, time (RFC 3339, milliseconds), tenant_id, principal, kind, subject,
    /// data, prev_hash, hash}`. It holds everything the hash covers, so an exported log can be re-checked.
    public var exportJSON: JSONValue {
        [
            "seq": .integer(Int(sequence)),
            "time": .string(time.description),
            "tenant_id": .string(event.tenantID),
            "principal": .string(event.principal),
            "kind": .string(event.kind),
            "subject": .string(event.subject),
            "data": event.data,
            "prev_hash": .string(previousHash),
            "hash": .string(hash),
        ]
    }

    /// One line of a JSON-lines export: the canonical JSON of ``exportJSON``, without the newline.
    public var exportLine: String { JSONEncoding.canonical(exportJSON) }
}
