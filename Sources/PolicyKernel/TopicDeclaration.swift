/// What a pack declares for one of its topics: the risk tags and requirements every job on it carries.
/// Strict mode adds these to each request on that topic before rules are matched.
public struct TopicDeclaration: Sendable, Hashable {
    /// The declared risk tags (`read`, `write`, `secrets`, …).
    public var riskTags: [String]
    /// The declared requirements.
    public var requires: [String]

    /// Creates a declaration.
    /// - Parameters:
    ///   - riskTags: the topic's risk tags.
    ///   - requires: the topic's requirements.
    public init(riskTags: [String] = [], requires: [String] = []) {
        self.riskTags = riskTags
        self.requires = requires
    }
}
