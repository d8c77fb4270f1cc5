public import StructuredData
public import WorkerKit

/// The Slack message of a pending approval: what will run (topic, capability, pack, the inputs as the approval
/// shows them, the digest) and Approve / Reject buttons whose value is `<approval id> <digest>`, so a press
/// decides exactly that digest; and the message that replaces it once decided.
public enum SlackApprovalMessage {
    /// What a pending approval shows (WorkerKit's, shared with other chats).
    public typealias Pending = PendingApproval

    /// The `chat.postMessage` arguments (`text` and `blocks`; add `channel`) of a pending approval.
    public static func pending(_ approval: Pending) -> [String: JSONValue] {
        let summary = approval.message ?? "Approval needed: \(approval.topic)"
        var inputs = JSONEncoding.pretty(approval.inputs)
        if inputs.count > 2_500 { inputs = String(inputs.prefix(2_500)) + "\n…" }
        let facts =
            "*Topic:* `\(approval.topic)`\n*Capability:* `\(approval.capability)`\n*Pack:* `\(approval.pack)`\n*Digest:* `\(approval.digest)`"
        let value = JSONValue.string("\(approval.approval) \(approval.digest)")
        let blocks: JSONValue = [
            ["type": "section", "text": ["type": "mrkdwn", "text": .string(summary)]],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string(facts)]],
            ["type": "section", "text": ["type": "mrkdwn", "text": .string("*Inputs:*\n```\(inputs)```")]],
            [
                "type": "actions", "block_id": .string("cordum_approval"),
                "elements": [
                    [
                        "type": "button", "style": "primary", "action_id": .string(SlackApprovalReceiver.approveAction),
                        "text": ["type": "plain_text", "text": "Approve"], "value": value,
                    ],
                    [
                        "type": "button", "style": "danger", "action_id": .string(SlackApprovalReceiver.rejectAction),
                        "text": ["type": "plain_text", "text": "Reject"], "value": value,
                    ],
                ],
            ],
        ]
        return ["text": .string(summary), "blocks": blocks]
    }

    /// The text of a decided approval.
    public static func outcomeText(_ decision: ApprovalDecision, approval: String) -> String {
        switch decision.outcome {
        case "approved": "Approved by \(decision.principal) (approval \(approval))."
        case "rejected": "Rejected by \(decision.principal) (approval \(approval))."
        case "expired": "Expired without a decision (approval \(approval))."
        default: "Approval \(approval) was not decided here: \(decision.outcome)."
        }
    }

    /// The blocks replacing the message once decided (no buttons left).
    public static func outcomeBlocks(_ text: String) -> JSONValue {
        [["type": "section", "text": ["type": "mrkdwn", "text": .string(text)]]]
    }
}
