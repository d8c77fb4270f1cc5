import StructuredData
import WorkflowEngine

/// Drives a ``RunStateMachine`` from Swift tests in virtual time, collecting its actions.
struct TestDriver {
    var machine: RunStateMachine
    var now = Timestamp(seconds: 1_768_730_400)
    var dispatched: [JobRequest] = []
    var cancelled: [String] = []

    init(_ machine: RunStateMachine) { self.machine = machine }

    init(_ workflow: Workflow, input: JSONValue = [:], id: String = "r1", dryRun: Bool = false) throws {
        machine = try RunStateMachine.newRun(id: id, workflow: workflow, input: input, dryRun: dryRun, at: now)
    }

    var state: RunState { machine.state }

    mutating func send(_ event: EngineEvent) throws {
        for action in try machine.handle(event) {
            switch action {
            case .dispatch(let request): dispatched.append(request)
            case .cancelJob(let jobID, _): cancelled.append(jobID)
            default: break
            }
        }
    }

    mutating func start() throws { try send(.start(at: now)) }

    /// Removes and returns the jobs dispatched so far.
    mutating func takeDispatched() -> [JobRequest] {
        defer { dispatched = [] }
        return dispatched
    }

    mutating func complete(_ jobID: String, _ outcome: JobOutcome = .succeeded, output: JSONValue? = nil) throws {
        try send(.jobResult(JobResult(jobID: jobID, outcome: outcome, output: output), at: now))
    }

    mutating func advance(milliseconds: Int64) throws {
        now = now.adding(milliseconds: milliseconds)
        try send(.wakeUp(at: now))
    }
}
