/// The generated pools and timeouts patches.
enum ConfigOverlayFiles {
    static func pools(_ table: TopicsTable) -> String {
        var lines = ["# \(AssetGenerator.notice)", "topics:"]
        for action in table.actions {
            lines.append("  \(YAMLText.scalar(action.topic)): \(YAMLText.scalar(table.pool))")
        }
        var requires: [String] = []
        for action in table.actions {
            for requirement in action.requires where !requires.contains(requirement) { requires.append(requirement) }
        }
        lines += ["pools:", "  \(YAMLText.scalar(table.pool)):", "    requires: \(YAMLText.flow(requires))"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// - Parameter workflows: the pack's workflows and their `timeout_sec`, in manifest order.
    static func timeouts(_ table: TopicsTable, workflows: [(id: String, seconds: Int)]) -> String {
        var lines = ["# \(AssetGenerator.notice)", "topics:"]
        for action in table.actions {
            lines += [
                "  \(YAMLText.scalar(action.topic)):",
                "    timeout_seconds: \(action.timeout.seconds)",
                "    max_retries: \(action.timeout.maxRetries)",
            ]
        }
        if !workflows.isEmpty {
            lines.append("workflows:")
            for workflow in workflows {
                lines += ["  \(YAMLText.scalar(workflow.id)):", "    total_timeout_seconds: \(workflow.seconds)"]
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
