public import StructuredData
public import WorkerKit

/// The Adaptive Cards (version 1.5) of approvals in Teams: the pending approval — what will run (topic, capability,
/// pack, the inputs as the approval shows them, the digest) with Approve / Reject `Action.Execute` buttons whose
/// data is the approval id and digest, so a press decides exactly that digest — and the card that replaces it once
/// decided. Both validate against the Adaptive Card 1.5 schema in `packs/msteams/Tests/contract/`.
public enum TeamsApprovalCard {
    /// The verbs of the buttons.
    public static let approveVerb = "cordum.approve"
    /// The verbs of the buttons.
    public static let rejectVerb = "cordum.reject"
    /// The schema URL cards name.
    public static let schemaURL = "http://adaptivecards.io/schemas/adaptive-card.json"

    /// The card of a pending approval.
    public static func pending(_ approval: PendingApproval) -> JSONValue {
        var inputs = JSONEncoding.pretty(approval.inputs)
        if inputs.count > 2_500 { inputs = String(inputs.prefix(2_500)) + "\n…" }
        let data: JSONValue = ["approval_id": .string(approval.approval), "digest": .string(approval.digest)]
        return [
            "$schema": .string(schemaURL), "type": "AdaptiveCard", "version": "1.5",
            "fallbackText": .string(approval.message ?? "Approval needed: \(approval.topic)"),
            "body": [
                [
                    "type": "TextBlock", "text": .string(approval.message ?? "Approval needed"), "weight": "Bolder",
                    "size": "Medium", "wrap": true,
                ],
                [
                    "type": "FactSet",
                    "facts": [
                        ["title": "Topic", "value": .string(approval.topic)],
                        ["title": "Capability", "value": .string(approval.capability)],
                        ["title": "Pack", "value": .string(approval.pack)],
                        ["title": "Digest", "value": .string(approval.digest)],
                    ],
                ],
                ["type": "TextBlock", "text": "Inputs", "weight": "Bolder", "wrap": true],
                ["type": "TextBlock", "text": .string(inputs), "fontType": "Monospace", "wrap": true],
            ],
            "actions": [
                [
                    "type": "Action.Execute", "title": "Approve", "verb": .string(approveVerb), "style": "positive",
                    "data": data,
                ],
                [
                    "type": "Action.Execute", "title": "Reject", "verb": .string(rejectVerb), "style": "destructive",
                    "data": data,
                ],
            ],
        ]
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

    /// The card replacing the pending one once decided (no buttons left).
    public static func outcome(_ decision: ApprovalDecision, approval: String) -> JSONValue {
        let text = outcomeText(decision, approval: approval)
        return [
            "$schema": .string(schemaURL), "type": "AdaptiveCard", "version": "1.5", "fallbackText": .string(text),
            "body": [["type": "TextBlock", "text": .string(text), "wrap": true, "weight": "Bolder"]],
        ]
    }
}
