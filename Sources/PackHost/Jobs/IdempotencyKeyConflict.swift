import StructuredData

/// An idempotency key names one action: a topic and an input. A job that reuses another job's key for another
/// action is refused (`idempotency_key_conflict`, as payment APIs answer), never given the other job's result.
enum IdempotencyKeyConflict {
    /// Why `job` may not use the key `holder` holds, or nil when both ask for the same action.
    static func reason(_ job: HostJob, holder: HostJob) -> String? {
        guard let key = job.idempotencyKey else { return nil }
        if job.topic != holder.topic {
            return "idempotency key \"\(key)\" already names a job on topic \(holder.topic) (\(holder.id)); "
                + "use another key for topic \(job.topic)"
        }
        if digest(job.input) != digest(holder.input) {
            return "idempotency key \"\(key)\" already names job \(holder.id) with another input; "
                + "use another key for another input"
        }
        return nil
    }

    private static func digest(_ input: JSONValue) -> String {
        Hashing.sha256Hex(JSONEncoding.canonical(input))
    }
}
