import StructuredData
import Testing
import WorkflowEngine

/// Plays a scenario file (`Fixtures/scenarios/*.yaml`) through a ``RunStateMachine`` in virtual time.
///
/// A scenario has `workflow`, optional `schemas`, `input`, `dry_run`, a `script` of commands and checks,
/// and a final `expect` block. Job ids are written without the run id (`a@1`, `fan[0]@1`).
struct ScenarioRunner {
    static let runID = "r1"
    static let startTime = Timestamp(milliseconds: 1_768_730_400_000)

    let name: String
    var machine: RunStateMachine
    var now = ScenarioRunner.startTime
    var dispatched: [String] = []
    var requests: [String: JobRequest] = [:]
    var cancelled: [String] = []
    var notified: [String] = []
    var lastWakeup: Timestamp?
    var finished: [RunStatus] = []
    var subworkflows: [String] = []
    var cancelledSubworkflows: [String] = []

    init(name: String, scenario: JSONValue) throws {
        self.name = name
        let workflow = try Workflow.load(
            Document(value: scenario["workflow"]!, file: name),
            schemas: scenario["schemas"]?.objectValue ?? [:]
        )
        machine = try RunStateMachine.newRun(
            id: Self.runID,
            workflow: workflow,
            input: scenario["input"] ?? [:],
            dryRun: scenario["dry_run"]?.boolValue ?? false,
            at: Self.startTime
        )
    }

    static func short(_ jobID: String) -> String { String(jobID.dropFirst(runID.count + 1)) }

    mutating func send(_ event: EngineEvent) throws(EngineError) {
        for action in try machine.handle(event) {
            switch action {
            case .dispatch(let request):
                dispatched.append(Self.short(request.jobID))
                requests[Self.short(request.jobID)] = request
            case .cancelJob(let jobID, _): cancelled.append(Self.short(jobID))
            case .notify(let notification): notified.append(notification.stepID)
            case .scheduleWakeup(let at): lastWakeup = at
            case .finished(let status): finished.append(status)
            case .startSubworkflow(let request): subworkflows.append(request.runID)
            case .cancelSubworkflow(let runID, _): cancelledSubworkflows.append(runID)
            case .notifyParent, .storeArtifact: break
            }
        }
    }

    mutating func play(_ scenario: JSONValue) {
        do {
            try send(.start(at: now))
        } catch {
            Issue.record("\(name): start failed: \(error)")
        }
        for (index, command) in (scenario["script"]?.arrayValue ?? []).enumerated() {
            perform(command, at: "\(name) script[\(index)]")
        }
        #expect(dispatched.isEmpty, "\(name): unchecked dispatches \(dispatched)")
        if let expect = scenario["expect"] { check(expect, at: "\(name) expect") }
    }

    private mutating func perform(_ command: JSONValue, at place: String) {
        let wantError = command["want_error"]?.stringValue
        do throws(EngineError) {
            if let result = command["result"] {
                let job = Self.runID + ":" + result["job"]!.stringValue!
                let outcome = JobOutcome(rawValue: result["outcome"]?.stringValue ?? "succeeded")!
                try send(
                    .jobResult(
                        JobResult(
                            jobID: job,
                            outcome: outcome,
                            output: result["output"],
                            resultPointer: result["result_ptr"]?.stringValue,
                            errorMessage: result["error"]?.stringValue,
                            errorCode: result["error_code"]?.stringValue,
                            errorDetails: result["error_details"],
                            retryable: result["retryable"]?.boolValue ?? true,
                            planned: result["planned"]?.boolValue ?? false
                        ),
                        at: now
                    )
                )
            } else if let milliseconds = command["advance"]?.intValue {
                now = now.adding(milliseconds: Int64(milliseconds))
                try send(.wakeUp(at: now))
            } else if let approval = command["approve"] {
                try send(
                    .approval(
                        stepID: approval["step"]!.stringValue!,
                        approved: approval["approved"]?.boolValue ?? true,
                        actor: approval["actor"]?.stringValue,
                        at: now
                    )
                )
            } else if let child = command["subworkflow_result"] {
                try send(
                    .subworkflowFinished(
                        SubworkflowResult(
                            runID: child["run"]!.stringValue!,
                            status: RunStatus(rawValue: child["status"]?.stringValue ?? "succeeded")!,
                            outputs: child["outputs"]?.objectValue ?? [:]
                        ),
                        at: now
                    )
                )
            } else if let runs = command["subworkflows"]?.arrayValue {
                #expect(subworkflows == runs.compactMap(\.stringValue), "\(place)")
                subworkflows = []
            } else if let runs = command["cancelled_subworkflows"]?.arrayValue {
                #expect(cancelledSubworkflows == runs.compactMap(\.stringValue), "\(place)")
                cancelledSubworkflows = []
            } else if let reason = command["cancel"] {
                try send(.cancel(reason: reason.stringValue, at: now))
            } else if command["start"] != nil {
                try send(.start(at: now))
            } else if let jobs = command["dispatched"]?.arrayValue {
                #expect(dispatched == jobs.compactMap(\.stringValue), "\(place)")
                dispatched = []
            } else if let jobs = command["cancelled"]?.arrayValue {
                #expect(cancelled == jobs.compactMap(\.stringValue), "\(place)")
                cancelled = []
            } else if let steps = command["notified"]?.arrayValue {
                #expect(notified == steps.compactMap(\.stringValue), "\(place)")
                notified = []
            } else if let wakeup = command["wakeup"] {
                let want = wakeup.intValue.map { Self.startTime.adding(milliseconds: Int64($0)) }
                #expect(lastWakeup == want, "\(place): wakeup")
            } else if let payload = command["payload"] {
                let job = payload["job"]!.stringValue!
                let got = requests[job]?.payload ?? .null
                #expect(got.jsonEquals(payload["want"] ?? .null), "\(place): payload of \(job) is \(got)")
                if let labels = payload["labels"]?.objectValue {
                    for (key, value) in labels {
                        #expect(requests[job]?.labels[key] == value.stringValue, "\(place): label \(key)")
                    }
                }
                if let env = payload["env"]?.objectValue {
                    let got = requests[job]?.env ?? [:]
                    #expect(got == env.compactMapValues(\.stringValue), "\(place): env of \(job) is \(got)")
                }
                if let priority = payload["priority"]?.stringValue {
                    #expect(requests[job]?.priority.rawValue == priority, "\(place): priority of \(job)")
                }
                if let memory = payload["memory_id"]?.stringValue {
                    #expect(requests[job]?.memoryID == memory, "\(place): memory id of \(job)")
                }
                if let key = payload["idempotency_key"] {
                    #expect(requests[job]?.idempotencyKey == key.stringValue, "\(place): idempotency key of \(job)")
                }
                if let lock = payload["lock"] {
                    let got = requests[job]?.lock
                    #expect(got?.resource == lock["resource"]?.stringValue, "\(place): lock of \(job)")
                    #expect(got?.mode.rawValue == (lock["mode"]?.stringValue ?? "exclusive"), "\(place): lock mode")
                    #expect(got?.ttlSeconds == lock["ttl_sec"]?.intValue, "\(place): lock ttl")
                }
            } else if let expect = command["status"] {
                check(expect, at: place)
            } else {
                Issue.record("\(place): unknown command \(command)")
            }
            #expect(wantError == nil, "\(place): expected error \(wantError ?? "")")
        } catch {
            #expect(error.code.rawValue == wantError, "\(place): \(error)")
        }
    }

    private func check(_ expect: JSONValue, at place: String) {
        let state = machine.state
        if let run = expect["run"]?.stringValue { #expect(state.status.rawValue == run, "\(place): run status") }
        for (step, status) in expect["steps"]?.objectValue ?? [:] {
            #expect(state.steps[step]?.status.rawValue == status.stringValue, "\(place): status of \(step)")
        }
        for (step, output) in expect["outputs"]?.objectValue ?? [:] {
            let got = state.steps[step]?.output ?? .null
            #expect(got.jsonEquals(output), "\(place): output of \(step) is \(got)")
        }
        for (step, code) in expect["step_errors"]?.objectValue ?? [:] {
            #expect(state.steps[step]?.error?.code == code.stringValue, "\(place): error of \(step)")
        }
        for (step, attempts) in expect["attempts"]?.objectValue ?? [:] {
            #expect(state.steps[step]?.attempts == attempts.intValue, "\(place): attempts of \(step)")
        }
        if let code = expect["error_code"]?.stringValue { #expect(state.error?.code == code, "\(place): run error") }
        if let context = expect["context"] {
            #expect(JSONValue.object(state.context).jsonEquals(context), "\(place): context \(state.context)")
        }
        if let types = expect["timeline_includes"]?.arrayValue?.compactMap(\.stringValue) {
            var remaining = types[...]
            for entry in state.timeline where entry.type == remaining.first { remaining.removeFirst() }
            #expect(remaining.isEmpty, "\(place): timeline lacks \(Array(remaining)) in order")
        }
        if let count = expect["finished_count"]?.intValue { #expect(finished.count == count, "\(place): finished") }
    }
}
