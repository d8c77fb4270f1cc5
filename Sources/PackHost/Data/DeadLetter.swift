public import StructuredData
public import WorkflowEngine

/// A job the scheduler gave up on, kept for inspection and retry.
///
/// Reason codes are Cordum's scheduler codes (`no_pool_mapping`, `no_workers`, `pool_overloaded`,
/// `tenant_limit`, `safety_denied`, `max_retries_exceeded`, `dispatch_failed`, ...) and the host's own
/// (`max_retries`, `timeout`, `approval_rejected`); a worker's error code is kept as given.
public struct DeadLetter: Sendable, Hashable {
    /// The job's id.
    public var jobID: String
    /// Its tenant.
    public var tenantID: String
    /// Its topic.
    public var topic: String
    /// Why it was dead-lettered, as a code.
    public var reasonCode: String
    /// Why, in words (no secrets).
    public var message: String
    /// The job as the scheduler recorded it (the scheduler leaves secrets out).
    public var job: JSONValue
    /// How many attempts were made.
    public var attempts: Int
    /// When it was dead-lettered.
    public var createdAt: Timestamp

    /// Creates an entry.
    public init(
        jobID: String,
        tenantID: String,
        topic: String,
        reasonCode: String,
        message: String,
        job: JSONValue,
        attempts: Int,
        createdAt: Timestamp
    ) {
        self.jobID = jobID
        self.tenantID = tenantID
        self.topic = topic
        self.reasonCode = reasonCode
        self.message = message
        self.job = job
        self.attempts = attempts
        self.createdAt = createdAt
    }

    /// `{job_id, tenant_id, topic, reason_code, message, job, attempts, created_at}`.
    public var json: JSONValue {
        [
            "job_id": .string(jobID),
            "tenant_id": .string(tenantID),
            "topic": .string(topic),
            "reason_code": .string(reasonCode),
            "message": .string(message),
            "job": job,
            "attempts": .integer(attempts),
            "created_at": .string(createdAt.description),
        ]
    }
}

/// One page of dead letters, newest first, and where the next page starts.
public struct DeadLetterPage: Sendable, Hashable {
    /// The entries.
    public var items: [DeadLetter]
    /// Pass to the next ``DeadLetterStore/list(tenant:limit:cursor:)``; nil on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [DeadLetter], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    /// `{items: [...], next_cursor}`.
    public var json: JSONValue {
        ["items": .array(items.map(\.json)), "next_cursor": nextCursor.map { .string($0) } ?? .null]
    }
}
