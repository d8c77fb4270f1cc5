public import StructuredData

/// The run and step a subworkflow's run reports to, and how deep the nesting is.
public struct SubworkflowParent: Sendable, Hashable {
    /// The parent run.
    public var runID: String
    /// The parent's subworkflow step.
    public var stepID: String
    /// 1 for a run started by a top-level run, 2 for its own subworkflows, ...
    public var depth: Int

    /// Creates a parent link.
    public init(runID: String, stepID: String, depth: Int) {
        self.runID = runID
        self.stepID = stepID
        self.depth = depth
    }
}

/// A subworkflow run to start (an ``EngineAction/startSubworkflow(_:)``).
public struct SubworkflowRequest: Sendable, Hashable {
    /// The id the child run must get: `<parent run>.<step>.<attempt>` (unique, and stable across a crash).
    public var runID: String
    /// The workflow to run.
    public var workflowID: String
    /// The child run's input (the step's rendered `input`).
    public var input: JSONValue
    /// Who waits for it.
    public var parent: SubworkflowParent
    /// Inherited from the parent.
    public var dryRun: Bool
    /// Inherited from the parent.
    public var orgID: String?
}

/// How a subworkflow run ended (the payload of ``EngineEvent/subworkflowFinished(_:at:)``).
public struct SubworkflowResult: Sendable, Hashable {
    /// The child run.
    public var runID: String
    /// Its terminal status.
    public var status: RunStatus
    /// The outputs of its top-level steps, by step id.
    public var outputs: [String: JSONValue]
    /// Why it did not succeed.
    public var error: StepError?

    /// Creates a result.
    public init(runID: String, status: RunStatus, outputs: [String: JSONValue] = [:], error: StepError? = nil) {
        self.runID = runID
        self.status = status
        self.outputs = outputs
        self.error = error
    }
}
