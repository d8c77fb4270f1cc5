import PackFormat
public import PolicyKernel

/// Which jobs a pack's policy fragment may decide: only those on the pack's own topics (`job.<pack>.*`).
///
/// Fragments of every pack are merged into one policy and the first matching rule wins, so a rule that can match
/// another pack's topic can allow (or deny) that pack's jobs. Lint (`policy-fragment-namespace`), `packctl verify`
/// and the host's installer all use this one check.
public enum FragmentScope {
    /// A part of a fragment that can decide jobs outside the pack's namespace.
    public struct Violation: Sendable, Hashable {
        /// How the part escapes the namespace.
        public enum Kind: Sendable, Hashable {
            /// The rule has no `match.topics`, so it matches every topic.
            case matchesEveryTopic
            /// The rule's topic pattern can match a topic outside `job.<pack>.`.
            case patternOutside(String)
            /// The fragment has a `tenants` section, whose lists apply to every pack's jobs.
            case tenantPolicy(String)
        }

        /// The rule's index in `rules` (nil for a `tenants` entry).
        public var ruleIndex: Int?
        /// The rule's id (may be empty).
        public var ruleID: String
        /// How it escapes.
        public var kind: Kind

        /// `rule "id"`, `rule 3`, or `tenant "name"`, for messages.
        public var subject: String {
            if case .tenantPolicy(let name) = kind { return "tenant \"\(name)\"" }
            return ruleID.isEmpty ? "rule \((ruleIndex ?? 0) + 1)" : "rule \"\(ruleID)\""
        }

        /// One sentence saying what escapes, naming the pack's namespace.
        public func message(packID: String) -> String {
            switch kind {
            case .matchesEveryTopic:
                "\(subject) has no match.topics, so it matches every topic and decides other packs' jobs"
            case .patternOutside(let pattern):
                "\(subject) matches topic pattern \"\(pattern)\" outside job.\(packID).*"
            case .tenantPolicy:
                "\(subject): a fragment's tenants section applies to every pack's jobs"
            }
        }
    }

    /// Every part of `document` that can decide a job outside `job.<packID>.*`.
    /// - Parameters:
    ///   - document: the parsed fragment.
    ///   - packID: the pack that ships it.
    public static func violations(of document: PolicyDocument, packID: String) -> [Violation] {
        var found: [Violation] = []
        for (index, rule) in document.rules.enumerated() {
            if rule.match.topics.isEmpty {
                found.append(Violation(ruleIndex: index, ruleID: rule.id, kind: .matchesEveryTopic))
            }
            for pattern in rule.match.topics where !isInside(pattern, packID: packID) {
                found.append(Violation(ruleIndex: index, ruleID: rule.id, kind: .patternOutside(pattern)))
            }
        }
        for name in document.tenants.keys.sorted() {
            found.append(Violation(ruleIndex: nil, ruleID: "", kind: .tenantPolicy(name)))
        }
        return found
    }

    /// Whether every topic `pattern` can match starts with `job.<packID>.`.
    ///
    /// The kernel matches topics with Go's `path.Match` after trimming spaces. When the trimmed pattern starts with
    /// the literal text `job.<packID>.` (a valid pack id has no wildcard or escape characters), every match starts
    /// with it too; a wildcard or an escape anywhere before that point (`job.git*`, `*`, `job.*.write`) can match
    /// outside.
    public static func isInside(_ pattern: String, packID: String) -> Bool {
        InstallerRules.isValidPackID(packID) && pattern.trimmingSpaces.hasPrefix("job.\(packID).")
    }
}
