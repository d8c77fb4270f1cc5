public import StructuredData

/// What a message of a pending approval shows, whatever the chat vendor: what will run (topic, capability, pack, the
/// inputs as the approval shows them, the digest), so a button decides exactly that digest.
public struct PendingApproval: Sendable, Hashable {
    /// The approval's id.
    public var approval: String
    /// The digest the decision is bound to.
    public var digest: String
    /// The job's topic (or the workflow and step of an approval step).
    public var topic: String
    /// The job's capability (`-` when none).
    public var capability: String
    /// The pack (`-` when none).
    public var pack: String
    /// The inputs as the approval shows them (already redacted by the host).
    public var inputs: JSONValue
    /// The approval step's message, if any.
    public var message: String?

    /// A pending approval.
    public init(
        approval: String,
        digest: String,
        topic: String,
        capability: String,
        pack: String,
        inputs: JSONValue,
        message: String? = nil
    ) {
        self.approval = approval
        self.digest = digest
        self.topic = topic
        self.capability = capability
        self.pack = pack
        self.inputs = inputs
        self.message = message
    }

    /// The pending approval of the host's `approval.requested` event (docs/events.md), or nil when the event lacks
    /// the approval id or digest.
    public init?(event: JSONValue) {
        let data = event["data"] ?? [:]
        guard let approval = data["approval_id"]?.stringValue, let digest = data["digest"]?.stringValue else {
            return nil
        }
        let step = data["step_id"]?.stringValue ?? "?"
        let workflow = data["workflow_id"]?.stringValue ?? event["workflow_id"]?.stringValue
        let topic =
            data["topic"]?.stringValue ?? workflow.map { "workflow \($0), approval step \(step)" } ?? "approval \(step)"
        self.init(
            approval: approval,
            digest: digest,
            topic: topic,
            capability: data["capability"]?.stringValue ?? "-",
            pack: data["pack_id"]?.stringValue ?? event["pack_id"]?.stringValue ?? "-",
            inputs: data["inputs"] ?? [:],
            message: data["inputs"]?["input"]?["message"]?.stringValue
        )
    }
}
