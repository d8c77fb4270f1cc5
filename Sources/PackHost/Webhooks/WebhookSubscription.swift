public import StructuredData
public import WorkflowEngine

/// An outbound webhook: where a tenant's events are delivered, which ones, and the secret deliveries are signed
/// with (kept to sign, never shown back).
public struct WebhookSubscription: Sendable, Hashable {
    /// `sub-...`.
    public var id: String
    /// The tenant whose events it receives.
    public var tenantID: String
    /// Where deliveries are POSTed.
    public var url: String
    /// Event type patterns (`run.*`, `approval.requested`); empty for all.
    public var types: [String]
    /// Only this workflow's events.
    public var workflowID: String?
    /// Only this pack's events.
    public var packID: String?
    /// The HMAC secret of `Cordum-Signature`.
    var secret: String
    /// Who created it.
    public var createdBy: String
    /// When.
    public var createdAt: Timestamp

    /// Creates a subscription.
    public init(
        id: String,
        tenantID: String,
        url: String,
        types: [String],
        workflowID: String?,
        packID: String?,
        secret: String,
        createdBy: String,
        createdAt: Timestamp
    ) {
        self.id = id
        self.tenantID = tenantID
        self.url = url
        self.types = types
        self.workflowID = workflowID
        self.packID = packID
        self.secret = secret
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The events it receives.
    func filter() throws(HostError) -> EventFilter {
        try EventFilter(tenantID: tenantID, types: types, workflowID: workflowID, packID: packID)
    }

    /// As the API shows it: everything but the secret.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id), "tenant_id": .string(tenantID), "url": .string(url),
            "types": .array(types.map(JSONValue.string)), "created_by": .string(createdBy),
            "created_at": .string(createdAt.description), "secret_set": true,
        ]
        fields["workflow_id"] = workflowID.map(JSONValue.string)
        fields["pack_id"] = packID.map(JSONValue.string)
        return .object(fields)
    }
}

/// One event's delivery to one subscription, with its attempts so far.
public struct WebhookDelivery: Sendable, Hashable {
    /// Where a delivery stands.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Not delivered yet; tried again at ``WebhookDelivery/nextAttemptAt``.
        case pending
        /// The receiver answered 2xx.
        case delivered
        /// The retry budget ran out; the last answer is kept.
        case dead
    }

    /// Its number, increasing in the order events happened.
    public var id: Int64
    /// The subscription.
    public var subscriptionID: String
    /// The event's id (its audit sequence).
    public var eventID: Int64
    /// The event's type.
    public var eventType: String
    /// The run it belongs to ("" for none); deliveries of one run are made in order.
    public var runKey: String
    /// The exact body POSTed.
    public var body: String
    /// Where it stands.
    public var status: Status
    /// Attempts made.
    public var attempts: Int
    /// When it is tried next (pending only).
    public var nextAttemptAt: Timestamp
    /// The last answer's HTTP status.
    public var lastStatus: Int?
    /// The start of the last answer's body (at most 1 KiB).
    public var lastResponse: String?
    /// Why the last attempt failed without an answer.
    public var lastError: String?
    /// When it was delivered.
    public var deliveredAt: Timestamp?

    /// As the API shows it (the event's body included).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .integer(Int(id)), "subscription_id": .string(subscriptionID), "event_id": .integer(Int(eventID)),
            "event_type": .string(eventType), "status": .string(status.rawValue), "attempts": .integer(attempts),
            "event": (try? JSONParser.parse(body)) ?? .string(body),
        ]
        if status == .pending { fields["next_attempt_at"] = .string(nextAttemptAt.description) }
        fields["last_status"] = lastStatus.map(JSONValue.integer)
        fields["last_response"] = lastResponse.map(JSONValue.string)
        fields["last_error"] = lastError.map(JSONValue.string)
        fields["delivered_at"] = deliveredAt.map { .string($0.description) }
        return .object(fields)
    }
}
