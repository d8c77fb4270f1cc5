/// A suggested way to make a refused job acceptable, returned verbatim with the rule that decided.
public struct PolicyRemediation: Sendable, Hashable {
    /// The remediation id.
    public var id: String
    /// A short title.
    public var title: String
    /// What the remediation does.
    public var summary: String
    /// The topic to resubmit the job on, if any.
    public var replacementTopic: String
    /// The capability to resubmit the job with, if any.
    public var replacementCapability: String
    /// Labels to add to the resubmitted job.
    public var addLabels: [String: String]
    /// Labels to remove from the resubmitted job.
    public var removeLabels: [String]

    /// Creates a remediation.
    public init(
        id: String = "",
        title: String = "",
        summary: String = "",
        replacementTopic: String = "",
        replacementCapability: String = "",
        addLabels: [String: String] = [:],
        removeLabels: [String] = []
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.replacementTopic = replacementTopic
        self.replacementCapability = replacementCapability
        self.addLabels = addLabels
        self.removeLabels = removeLabels
    }
}
