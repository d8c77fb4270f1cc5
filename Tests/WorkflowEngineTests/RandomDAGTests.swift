import StructuredData
import Testing
import WorkflowEngine

/// Property: random valid workflows, driven with random job outcomes, always reach exactly one terminal
/// status, and every step's status is consistent with its dependencies.
@Suite struct RandomDAGTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func randomWorkflow(_ random: inout SplitMix) -> JSONValue {
        let count = Int.random(in: 1...12, using: &random)
        var steps: [String: JSONValue] = [:]
        for index in 0..<count {
            let id = "s\(index)"
            var step: [String: JSONValue] = ["topic": "t"]
            let earlier = (0..<index).filter { _ in Bool.random(using: &random) && Bool.random(using: &random) }
            if !earlier.isEmpty { step["depends_on"] = .array(earlier.map { .string("s\($0)") }) }
            switch Int.random(in: 0..<10, using: &random) {
            case 0: step = step.merging(["type": "condition", "condition": "input.flag"]) { $1 }
            case 1: step = step.merging(["type": "approval", "timeout_sec": 5]) { $1 }
            case 2:
                step = step.merging(["type": "delay", "delay_sec": .integer(Int.random(in: 0...3, using: &random))]) {
                    $1
                }
            case 3: step["retry"] = ["max_retries": 2]
            case 4: step = step.merging(["for_each": "input.xs", "max_parallel": 2]) { $1 }
            case 5: step["timeout_sec"] = 4
            case 6: step["condition"] = "!input.flag"
            default: break
            }
            steps[id] = .object(step)
        }
        // Some steps get an on_error handler that is a fresh step with no relation to them.
        if count > 2 && Bool.random(using: &random) {
            steps["handler"] = ["type": "notify", "input": ["message": "handled"]]
            var first = steps["s0"]!.objectValue!
            first["on_error"] = "handler"
            steps["s0"] = .object(first)
        }
        return ["id": "random", "timeout_sec": 600, "steps": .object(steps)]
    }

    @Test(arguments: 0..<300)
    func randomWorkflowsTerminateConsistently(seed: Int) throws {
        var random = SplitMix(state: UInt64(seed))
        let workflow = try Workflow.load(Self.randomWorkflow(&random))
        let input: JSONValue = ["flag": .bool(Bool.random(using: &random)), "xs": [1, 2, 3]]
        var driver = try TestDriver(workflow, input: input, id: "r\(seed)")
        try driver.start()
        var seenJobs: Set<String> = []
        var rounds = 0
        while !driver.state.status.isTerminal {
            rounds += 1
            #expect(rounds < 500, "seed \(seed) does not terminate: \(driver.state.steps.mapValues(\.status))")
            if rounds >= 500 { return }
            let jobs = driver.takeDispatched()
            for job in jobs { #expect(seenJobs.insert(job.jobID).inserted, "job \(job.jobID) dispatched twice") }
            for job in jobs where !driver.state.status.isTerminal {
                switch Int.random(in: 0..<10, using: &random) {
                case 0: try driver.complete(job.jobID, .failed)
                case 1: continue  // never answers: the step timeout or the run timeout ends it
                default: try driver.complete(job.jobID, output: ["ok": true])
                }
            }
            for id in workflow.order where driver.state.steps[id]?.status == .waiting {
                try driver.send(
                    .approval(
                        stepID: id,
                        approved: Int.random(in: 0..<5, using: &random) > 0,
                        actor: "t",
                        at: driver.now
                    )
                )
                break
            }
            if driver.dispatched.isEmpty && !driver.state.status.isTerminal { try driver.advance(milliseconds: 10_000) }
        }
        let state = driver.state
        for id in workflow.order {
            let step = state.steps[id]!
            #expect(step.status.isTerminal, "seed \(seed): \(id) is \(step.status)")
            if step.status == .succeeded && !step.planned {
                for dependency in workflow.steps[id]!.dependsOn {
                    let status = state.steps[dependency]!.status
                    #expect(
                        status == .succeeded || status == .skipped,
                        "seed \(seed): \(id) ran after \(dependency) \(status)"
                    )
                }
            }
        }
        switch state.status {
        case .succeeded:
            #expect(workflow.order.allSatisfy { !state.steps[$0]!.status.isFailure || state.steps[$0]!.handled })
        case .failed, .timedOut:
            #expect(state.error != nil)
        default:
            Issue.record("seed \(seed): unexpected final status \(state.status)")
        }
        #expect(state.timeline.filter { $0.type == "run_status" }.last?.status == state.status.rawValue)
    }
}
