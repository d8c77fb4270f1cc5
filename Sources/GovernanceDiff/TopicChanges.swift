import PackFormat
import StructuredData

/// Topics, capabilities, risk tags and requires: what the pack declares it does.
enum TopicChanges {
    /// Risk tags whose coming or going needs review: each widens what a topic does, and policies key on them.
    static let reviewedTags: Set<String> = ["write", "prod", "destructive", "secrets", "network"]

    static func compare(_ old: Pack, _ new: Pack) -> [GovernanceChange] {
        let oldTopics = topics(old)
        let newTopics = topics(new)
        var changes: [GovernanceChange] = []
        for (index, topic) in new.manifest.topics.enumerated() where oldTopics[topic.name] == nil {
            let tags = topic.riskTags.isEmpty ? "no risk tags" : "risk tags " + topic.riskTags.joined(separator: ", ")
            changes.append(
                GovernanceChange(
                    kind: .topicAdded,
                    impact: .review,
                    subject: topic.name,
                    message: "topic \(topic.name) added (capability \(topic.capability ?? "none"); \(tags))",
                    details: [
                        "capability": topic.capability ?? "", "risk_tags": topic.riskTags.joined(separator: ","),
                    ],
                    location: new.manifestDocument.location(of: "/topics/\(index)")
                )
            )
        }
        for (index, topic) in old.manifest.topics.enumerated() where newTopics[topic.name] == nil {
            changes.append(
                GovernanceChange(
                    kind: .topicRemoved,
                    impact: .info,
                    subject: topic.name,
                    message: "topic \(topic.name) removed",
                    location: old.manifestDocument.location(of: "/topics/\(index)")
                )
            )
        }
        changes += capabilities(old, new)
        for (index, topic) in new.manifest.topics.enumerated() {
            let location = new.manifestDocument.location(of: "/topics/\(index)")
            let before = oldTopics[topic.name]
            if let before { changes += riskTags(topic, before: before, location: location) }
            changes += requires(topic, before: before, location: location)
        }
        return changes
    }

    /// Each topic by name (the first declaration wins, as Cordum's installer keeps it).
    static func topics(_ pack: Pack) -> [String: PackTopic] {
        Dictionary(pack.manifest.topics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func capabilities(_ old: Pack, _ new: Pack) -> [GovernanceChange] {
        func byCapability(_ pack: Pack) -> [String: [String]] {
            var result: [String: [String]] = [:]
            for topic in pack.manifest.topics {
                guard let capability = topic.capability, !capability.isEmpty else { continue }
                result[capability, default: []].append(topic.name)
            }
            return result
        }
        let before = byCapability(old)
        let after = byCapability(new)
        var changes: [GovernanceChange] = []
        for (capability, topics) in after.sorted(by: { $0.key < $1.key }) where before[capability] == nil {
            changes.append(
                GovernanceChange(
                    kind: .capabilityAdded,
                    impact: .review,
                    subject: capability,
                    message: "capability \(capability) added (topic \(topics.joined(separator: ", ")))",
                    details: ["topics": topics.joined(separator: ",")]
                )
            )
        }
        for (capability, topics) in before.sorted(by: { $0.key < $1.key }) where after[capability] == nil {
            changes.append(
                GovernanceChange(
                    kind: .capabilityRemoved,
                    impact: .info,
                    subject: capability,
                    message: "capability \(capability) removed",
                    details: ["topics": topics.joined(separator: ",")]
                )
            )
        }
        return changes
    }

    static func riskTags(_ topic: PackTopic, before: PackTopic, location: SourceLocation) -> [GovernanceChange] {
        func impact(_ tag: String) -> GovernanceChange.Impact {
            reviewedTags.contains(tag.lowercased()) ? .review : .info
        }
        let added = topic.riskTags.filter { !before.riskTags.contains($0) }
        let removed = before.riskTags.filter { !topic.riskTags.contains($0) }
        return added.map { tag in
            GovernanceChange(
                kind: .riskTagAdded,
                impact: impact(tag),
                subject: topic.name,
                message: "\(topic.name) now declares risk tag \(tag)",
                details: ["tag": tag],
                location: location
            )
        }
            + removed.map { tag in
                GovernanceChange(
                    kind: .riskTagRemoved,
                    impact: impact(tag),
                    subject: topic.name,
                    message: "\(topic.name) no longer declares risk tag \(tag)",
                    details: ["tag": tag],
                    location: location
                )
            }
    }

    /// What a requirement grants a worker pool, when it is something to call out.
    static func category(_ requirement: String) -> String? {
        let lower = requirement.lowercased()
        if lower.contains("secret") || lower.contains("credential") || lower.contains("token") { return "secret" }
        if lower.contains("egress") || lower.hasPrefix("network") || lower.hasPrefix("net:") { return "egress" }
        return nil
    }

    static func requires(_ topic: PackTopic, before: PackTopic?, location: SourceLocation) -> [GovernanceChange] {
        let old = before?.requires ?? []
        var changes: [GovernanceChange] = []
        for requirement in topic.requires where !old.contains(requirement) {
            var details = ["requirement": requirement]
            var message = "\(topic.name) now requires \(requirement)"
            switch category(requirement) {
            case "secret":
                details["category"] = "secret"
                message += " (new secrets)"
            case "egress":
                details["category"] = "egress"
                message += " (new network egress)"
            default: break
            }
            changes.append(
                GovernanceChange(
                    kind: .requiresAdded,
                    impact: .review,
                    subject: topic.name,
                    message: message,
                    details: details,
                    location: location
                )
            )
        }
        for requirement in old where !topic.requires.contains(requirement) {
            changes.append(
                GovernanceChange(
                    kind: .requiresRemoved,
                    impact: .info,
                    subject: topic.name,
                    message: "\(topic.name) no longer requires \(requirement)",
                    details: ["requirement": requirement],
                    location: location
                )
            )
        }
        return changes
    }
}
