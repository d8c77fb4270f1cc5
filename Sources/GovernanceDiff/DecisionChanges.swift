import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

/// The policy decision of every baseline cell (one per topic, with its declared tags), before and after.
enum DecisionChanges {
    /// Evaluates each topic of either version under each version's own fragments (strict mode, over the same base
    /// policy) and compares the decisions by ``Strictness``.
    ///
    /// Each side builds the request from its own declaration of the topic, or from the other side's when it does
    /// not declare the topic, as `packctl test` builds its coverage cells.
    static func compare(
        _ old: Pack,
        _ new: Pack,
        basePolicy: (file: String, bytes: [UInt8])?
    ) throws(GovernanceDiffError) -> [GovernanceChange] {
        let oldPolicy = try compile(old, basePolicy: basePolicy)
        let newPolicy = try compile(new, basePolicy: basePolicy)
        let oldTopics = TopicChanges.topics(old)
        let newTopics = TopicChanges.topics(new)
        var names: [String] = []
        var seen: Set<String> = []
        for topic in new.manifest.topics + old.manifest.topics where seen.insert(topic.name).inserted {
            names.append(topic.name)
        }
        var changes: [GovernanceChange] = []
        for name in names {
            guard let oldTopic = oldTopics[name] ?? newTopics[name], let newTopic = newTopics[name] ?? oldTopics[name]
            else { continue }
            let before = oldPolicy.evaluate(try request(oldTopic, packID: old.id))
            let after = newPolicy.evaluate(try request(newTopic, packID: new.id))
            let location = newTopics[name] == nil ? topicLocation(name, in: old) : topicLocation(name, in: new)
            if let change = compare(topic: name, before: before, after: after, location: location) {
                changes.append(change)
            }
        }
        return changes
    }

    /// The change between two decisions for one topic, if any.
    static func compare(
        topic: String,
        before: PolicyDecision,
        after: PolicyDecision,
        location: SourceLocation?
    ) -> GovernanceChange? {
        let old = Strictness(before)
        let new = Strictness(after)
        let details = [
            "old": old.label, "new": new.label, "old_rule": before.ruleID, "new_rule": after.ruleID,
        ]
        let kind: GovernanceChange.Kind
        let impact: GovernanceChange.Impact
        let message: String
        if new < old {
            (kind, impact) = (.decisionLoosened, .review)
            message = "\(topic): decision loosened from \(describe(old, before)) to \(describe(new, after))"
        } else if new > old {
            (kind, impact) = (.decisionTightened, .info)
            message = "\(topic): decision tightened from \(describe(old, before)) to \(describe(new, after))"
        } else if before.constraints != after.constraints {
            (kind, impact) = (.constraintsChanged, .review)
            message = "\(topic): still \(describe(new, after)), but with other constraints"
        } else {
            return nil
        }
        return GovernanceChange(
            kind: kind,
            impact: impact,
            subject: topic,
            message: message,
            details: details,
            location: location
        )
    }

    static func describe(_ strictness: Strictness, _ decision: PolicyDecision) -> String {
        strictness.label + (decision.ruleID.isEmpty ? " (no rule matched)" : " (rule \(decision.ruleID))")
    }

    static func compile(
        _ pack: Pack,
        basePolicy: (file: String, bytes: [UInt8])?
    ) throws(GovernanceDiffError) -> CompiledPolicy {
        do {
            return try PolicySuite(packs: [pack], basePolicy: basePolicy, strict: true).compile().policy
        } catch {
            throw policyError(error)
        }
    }

    /// The synthetic simulation `packctl test` evaluates for a coverage cell: the topic with its declared
    /// capability, risk tags and requires.
    static func request(_ topic: PackTopic, packID: String) throws(GovernanceDiffError) -> PolicyRequest {
        do {
            return try PolicySuite.request(for: topic, packID: packID)
        } catch {
            throw policyError(error)
        }
    }

    static func policyError(_ error: PolicyError) -> GovernanceDiffError {
        GovernanceDiffError(
            code: .policyInvalid,
            location: error.location,
            message: (error.field.isEmpty ? "" : error.field + ": ") + error.message,
            hint: error.hint
        )
    }

    static func topicLocation(_ name: String, in pack: Pack) -> SourceLocation? {
        pack.manifest.topics.firstIndex { $0.name == name }.map { pack.manifestDocument.location(of: "/topics/\($0)") }
    }
}
