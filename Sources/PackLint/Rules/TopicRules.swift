import PackFormat
import StructuredData

/// Rules on the topics a pack declares: names, capabilities, risk tags, requires.
enum TopicRules {
    /// The risk tags the roadmap defines.
    static let knownTags: Set<String> = ["read", "write", "prod", "destructive", "secrets", "network"]

    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let id = context.id
        for (index, topic) in context.pack.manifest.topics.enumerated() {
            let base = "/topics/\(index)"
            let prefix = "job.\(id)."
            if topic.name.hasPrefix(prefix) {
                let action = topic.name.dropFirst(prefix.count)
                if !isDottedName(action) {
                    collector.report(
                        .topicName,
                        pack: id,
                        at: context.manifestLocation(base + "/name"),
                        "topic \"\(topic.name)\" needs an action of lowercase words after job.\(id).",
                        hint: "e.g. job.\(id).issues.get"
                    )
                }
            }
            let capability = topic.capability?.trimmingSpaces ?? ""
            if capability.isEmpty {
                collector.report(
                    .capabilityName,
                    pack: id,
                    at: context.manifestLocation(base),
                    "topic \"\(topic.name)\" has no capability",
                    hint: "add capability: \(id).\(topic.name.dropFirst(prefix.count))"
                )
            } else {
                let parts = capability.split(separator: ".", omittingEmptySubsequences: false)
                // The topic's own action path is always a valid capability, also with a nested resource
                // (job.github.issues.comments.list → github.issues.comments.list).
                let mirrorsTopic = capability == "\(id).\(topic.name.dropFirst(prefix.count))"
                if !mirrorsTopic
                    && (!capability.hasPrefix(id + ".") || !(2...3).contains(parts.count)
                        || !isDottedName(Substring(capability)))
                {
                    collector.report(
                        .capabilityName,
                        pack: id,
                        at: context.manifestLocation(base + "/capability"),
                        "capability \"\(capability)\" is not \(id).<action>, \(id).<resource>.<action> or the topic's own action",
                        hint: "e.g. \(id).\(topic.name.dropFirst(prefix.count))"
                    )
                }
            }
            let tags = topic.riskTags.map { $0.lowercased() }
            let readWrite = tags.filter { $0 == "read" || $0 == "write" }
            if Set(readWrite).count != 1 {
                collector.report(
                    .readWrite,
                    pack: id,
                    at: context.manifestLocation(topic.riskTags.isEmpty ? base : base + "/riskTags"),
                    readWrite.isEmpty
                        ? "topic \"\(topic.name)\" declares neither read nor write"
                        : "topic \"\(topic.name)\" declares both read and write",
                    hint: "declare exactly one; split the topic if it does both"
                )
            }
            for (tagIndex, tag) in topic.riskTags.enumerated() where !knownTags.contains(tag) {
                collector.report(
                    .knownRiskTags,
                    pack: id,
                    at: context.manifestLocation(base + "/riskTags/\(tagIndex)"),
                    "unknown risk tag \"\(tag)\"",
                    hint: "valid tags: \(knownTags.sorted().joined(separator: ", "))"
                )
            }
            for (requireIndex, item) in topic.requires.enumerated() where !isRequirement(item) {
                collector.report(
                    .requiresFormat,
                    pack: id,
                    at: context.manifestLocation(base + "/requires/\(requireIndex)"),
                    "requires entry \"\(item)\" is not <kind>:<name> or a lowercase word",
                    hint: "e.g. network:egress, \(id):api, llm"
                )
            }
        }
    }

    /// Lowercase ASCII words (letters, digits, `_`, `-`) joined by single dots.
    static func isDottedName(_ text: Substring) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return !parts.isEmpty
            && parts.allSatisfy { part in
                !part.isEmpty
                    && part.utf8.allSatisfy { byte in
                        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
                    }
            }
    }

    /// `kind:name` or a single word, lowercase.
    static func isRequirement(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty
                && part.utf8.allSatisfy { byte in
                    (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) || byte == 0x5F || byte == 0x2D
                        || byte == 0x2E
                }
        }
    }
}
