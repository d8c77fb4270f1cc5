/// The policy simulations that follow from each action's baseline class: every cell of the decision-coverage
/// matrix (with and without a workflow approval, and without the topic's risk tags) gets an explicit case.
enum BaselineSimulations {
    struct Case {
        var name: String
        var tags: Bool
        var approved: Bool
        var decision: String
    }

    static func cases(_ action: TopicsTable.Action) -> [Case] {
        let base = TopicsTable.snakeCase(action.action)
        switch action.policy {
        case .allow:
            return [Case(name: "\(base)_is_allowed", tags: true, approved: false, decision: "ALLOW")]
        case .workflowApproval:
            return [
                Case(
                    name: "\(base)_without_a_workflow_approval_requires_approval",
                    tags: true,
                    approved: false,
                    decision: "REQUIRE_APPROVAL"
                ),
                Case(
                    name: "\(base)_after_a_workflow_approval_is_constrained",
                    tags: true,
                    approved: true,
                    decision: "ALLOW_WITH_CONSTRAINTS"
                ),
                Case(
                    name: "\(base)_without_its_tags_still_requires_approval",
                    tags: false,
                    approved: false,
                    decision: "REQUIRE_APPROVAL"
                ),
            ]
        case .workflowGated:
            return [
                Case(
                    name: "\(base)_is_constrained_behind_the_workflow_approval",
                    tags: true,
                    approved: false,
                    decision: "ALLOW_WITH_CONSTRAINTS"
                ),
                Case(
                    name: "\(base)_without_its_tags_is_still_constrained",
                    tags: false,
                    approved: false,
                    decision: "ALLOW_WITH_CONSTRAINTS"
                ),
            ]
        case .jobApproval:
            return [
                Case(
                    name: "\(base)_requires_its_job_approval",
                    tags: true,
                    approved: false,
                    decision: "REQUIRE_APPROVAL"
                ),
                Case(
                    name: "\(base)_after_a_workflow_approval_still_requires_its_job_approval",
                    tags: true,
                    approved: true,
                    decision: "REQUIRE_APPROVAL"
                ),
                Case(
                    name: "\(base)_without_its_tags_still_requires_approval",
                    tags: false,
                    approved: false,
                    decision: "REQUIRE_APPROVAL"
                ),
            ]
        case .deny:
            return [
                Case(name: "\(base)_is_denied", tags: true, approved: false, decision: "DENY"),
                Case(
                    name: "\(base)_after_a_workflow_approval_is_still_denied",
                    tags: true,
                    approved: true,
                    decision: "DENY"
                ),
                Case(name: "\(base)_without_its_tags_is_still_denied", tags: false, approved: false, decision: "DENY"),
            ]
        }
    }

    /// The YAML lines of every action's cases, as items of `tests.policySimulations`.
    static func lines(_ table: TopicsTable) -> [String] {
        var lines: [String] = []
        for action in table.actions {
            for simulation in cases(action) {
                lines.append("- name: \(YAMLText.scalar(simulation.name))")
                lines.append("  request:")
                lines.append("    tenantId: default")
                lines.append("    topic: \(YAMLText.scalar(action.topic))")
                lines.append("    capability: \(YAMLText.scalar(action.capability))")
                if simulation.tags { lines.append("    riskTags: \(YAMLText.flow(action.riskTags))") }
                if !action.requires.isEmpty { lines.append("    requires: \(YAMLText.flow(action.requires))") }
                if simulation.approved {
                    lines.append("    labels:")
                    lines.append("      cordum.workflow_approval: approved")
                }
                lines.append("  expectDecision: \(simulation.decision)")
            }
        }
        return lines
    }
}
