import Foundation
import StructuredData
import Synchronization
import Telemetry
import Tracing
import WorkflowEngine

/// Exports the host's own work as OpenTelemetry spans, so a user sees where a run spent its time in the tracing
/// backend they already use.
///
/// One trace per run: the run is the root span, each step a child, each job a child of its step (a job outside a run
/// is a trace of its own), and under a job its policy decision and, when it needed one, the wait for its approval. A
/// workflow approval step's wait is a child of the step; a subworkflow's run is a child of its parent's step. Spans
/// carry the host's own times (a step's `started_at` to its `completed_at`, a job's creation to its result), not the
/// time the tracer heard of them.
///
/// The tracer is fed synchronously by the run store's commits (``RunEventRecorder``) and by the scheduler at dispatch
/// and at a job's end, so a job's span exists before the job leaves the host and its context goes with it
/// (``JobAssignment/traceContext``, sent as `TRACEPARENT` in the CAP job's `env`). Open spans live in memory: a run
/// that outlives a host restart continues in a new trace.
final class RunTracer: Sendable {
    let tracer: any Tracer
    private let open = Mutex(OpenSpans())

    private struct OpenSpans: ~Copyable {
        var runs: [String: any Span] = [:]
        var steps: [String: any Span] = [:]
        var waits: [String: any Span] = [:]
        var jobs: [String: any Span] = [:]
        /// Runs, steps and jobs whose spans ended: a later commit of the same finished step (the run goes on) or a
        /// second report of the same finished job must not start a second span.
        var ended = RecentKeys(capacity: 16_384)
    }

    /// The most recent `capacity` keys, oldest forgotten first.
    struct RecentKeys: ~Copyable {
        private var keys: Set<String> = []
        private var order: [String] = []
        private var next = 0
        let capacity: Int

        init(capacity: Int) { self.capacity = capacity }

        func contains(_ key: String) -> Bool { keys.contains(key) }

        mutating func insert(_ key: String) {
            guard keys.insert(key).inserted else { return }
            if order.count < capacity {
                order.append(key)
            } else {
                keys.remove(order[next])
                order[next] = key
                next = (next + 1) % capacity
            }
        }
    }

    init(tracer: any Tracer) {
        self.tracer = tracer
    }

    // MARK: Runs and steps

    /// Follows a committed run state: starts the spans of what began and ends those of what finished.
    /// - Parameter approval: the latest approval of a run's step, for a step that waited on one.
    func observe(
        _ state: RunState,
        tenant: String,
        now: Timestamp,
        approval: (String) -> Approval? = { _ in nil }
    ) {
        open.withLock { spans in
            guard !spans.ended.contains("run:\(state.id)") else { return }
            let run = runSpan(for: state, tenant: tenant, now: now, in: &spans)
            for id in state.steps.keys.sorted() {
                guard let step = state.steps[id], step.status != .pending else { continue }
                let key = "\(state.id)/\(id)"
                guard !spans.ended.contains("step:\(key)") else { continue }
                let span: any Span
                if let known = spans.steps[key] {
                    span = known
                } else {
                    // A step that started and finished between two commits gets its span all the same.
                    let start = step.startedAt ?? step.completedAt ?? now
                    span = makeSpan(
                        tracer,
                        "step \(id)",
                        context: run.context,
                        ofKind: .internal,
                        at: EpochInstant(start)
                    )
                    span.attributes["cordum.run.id"] = state.id
                    span.attributes["cordum.step.id"] = id
                    spans.steps[key] = span
                }
                span.attributes["cordum.step.attempts"] = step.attempts
                if let job = step.jobID { span.attributes["cordum.job.id"] = job }
                if step.status == .waiting, spans.waits[key] == nil {
                    let wait = makeSpan(
                        tracer,
                        "wait \(id)",
                        context: span.context,
                        ofKind: .internal,
                        at: EpochInstant(now)
                    )
                    wait.attributes["cordum.step.id"] = id
                    spans.waits[key] = wait
                } else if step.status != .waiting, let wait = spans.waits.removeValue(forKey: key) {
                    if let decided = approval(id) { describe(decided, on: wait) }
                    wait.end(at: EpochInstant(now))
                }
                guard step.status.isTerminal else { continue }
                span.attributes["cordum.step.status"] = step.status.rawValue
                if let error = step.error {
                    span.attributes["cordum.error.code"] = error.code
                    if step.status.isFailure { span.setStatus(SpanStatus(code: .error, message: error.message)) }
                }
                span.end(at: EpochInstant(max(step.completedAt ?? now, step.startedAt ?? now)))
                spans.steps[key] = nil
                spans.ended.insert("step:\(key)")
            }
            guard state.status.isTerminal else { return }
            run.attributes["cordum.run.status"] = state.status.rawValue
            if let error = state.error {
                run.attributes["cordum.error.code"] = error.code
                run.setStatus(SpanStatus(code: .error, message: error.message))
            } else if state.status != .succeeded {
                run.setStatus(SpanStatus(code: .error, message: "the run \(state.status.rawValue)"))
            }
            run.end(at: EpochInstant(state.completedAt ?? now))
            spans.runs[state.id] = nil
            spans.ended.insert("run:\(state.id)")
        }
    }

    private func runSpan(for state: RunState, tenant: String, now: Timestamp, in spans: inout OpenSpans) -> any Span {
        if let known = spans.runs[state.id] { return known }
        // A subworkflow's run hangs under its parent's step.
        let parent = state.parent.flatMap { spans.steps["\($0.runID)/\($0.stepID)"]?.context } ?? .topLevel
        let span = makeSpan(
            tracer,
            "run \(state.workflowID)",
            context: parent,
            ofKind: .internal,
            at: EpochInstant(state.startedAt ?? state.createdAt)
        )
        span.attributes["cordum.run.id"] = state.id
        span.attributes["cordum.workflow.id"] = state.workflowID
        if let version = state.workflowVersion { span.attributes["cordum.workflow.version"] = version }
        span.attributes["cordum.tenant"] = tenant
        span.attributes["cordum.run.dry_run"] = state.dryRun
        if let rerun = state.rerunOf { span.attributes["cordum.run.rerun_of"] = rerun }
        spans.runs[state.id] = span
        return span
    }

    // MARK: Jobs

    /// The job's span (started now if it has none), with its policy decision and approval; returns its context as
    /// the `env` entries a worker receives (`TRACEPARENT`, `TRACESTATE`).
    func dispatched(_ job: HostJob, approval: Approval?, now: Timestamp) -> [String: String] {
        open.withLock { spans in
            let span = jobSpan(for: job, approval: approval, now: now, in: &spans)
            span.attributes["cordum.job.dispatches"] = job.dispatches
            if let worker = job.workerID { span.attributes["cordum.worker.id"] = worker }
            if let pool = job.pool { span.attributes["cordum.pool"] = pool }
            return TraceContextCarrier.inject(span.context, with: tracer, as: .environment)
        }
    }

    /// Ends a finished job's span (made now for a job that never reached a worker: denied, rejected, cancelled).
    func finished(_ job: HostJob, approval: Approval?, now: Timestamp) {
        open.withLock { spans in
            guard !spans.ended.contains("job:\(job.id)") else { return }
            let span = jobSpan(for: job, approval: approval, now: now, in: &spans)
            span.attributes["cordum.job.state"] = job.state.rawValue
            if let error = job.error {
                span.attributes["cordum.error.code"] = error.code
                span.setStatus(SpanStatus(code: .error, message: error.message))
            } else if job.state != .succeeded {
                span.setStatus(SpanStatus(code: .error, message: "the job was \(job.state.rawValue)"))
            }
            span.end(at: EpochInstant(max(job.updatedAt, job.createdAt)))
            spans.jobs[job.id] = nil
            spans.ended.insert("job:\(job.id)")
        }
    }

    private func jobSpan(for job: HostJob, approval: Approval?, now: Timestamp, in spans: inout OpenSpans) -> any Span {
        if let known = spans.jobs[job.id] { return known }
        let parent: ServiceContext =
            if let run = job.runID, let step = job.stepID, let span = spans.steps["\(run)/\(step)"] {
                span.context
            } else if let run = job.runID, let span = spans.runs[run] {
                span.context
            } else {
                .topLevel
            }
        let span = makeSpan(
            tracer,
            "job \(job.topic)",
            context: parent,
            ofKind: .producer,
            at: EpochInstant(job.createdAt)
        )
        span.attributes["cordum.job.id"] = job.id
        span.attributes["cordum.job.topic"] = job.topic
        span.attributes["cordum.tenant"] = job.tenantID
        span.attributes["cordum.principal"] = job.principal
        if let pack = job.packID { span.attributes["cordum.pack.id"] = pack }
        if let capability = job.capability { span.attributes["cordum.capability"] = capability }
        if !job.riskTags.isEmpty { span.attributes["cordum.risk_tags"] = job.riskTags }
        if let run = job.runID { span.attributes["cordum.run.id"] = run }
        if let step = job.stepID { span.attributes["cordum.step.id"] = step }
        if job.dryRun { span.attributes["cordum.job.dry_run"] = true }
        if let decision = job.decision {
            let policy = makeSpan(
                tracer,
                "policy \(decision.decision)",
                context: span.context,
                ofKind: .internal,
                at: EpochInstant(job.createdAt)
            )
            policy.attributes["cordum.policy.decision"] = decision.decision
            policy.attributes["cordum.policy.rule_id"] = decision.ruleID
            policy.attributes["cordum.policy.reason"] = decision.reason
            policy.attributes["cordum.policy.snapshot"] = decision.policySnapshot
            if decision.decision == "DENY" { policy.setStatus(SpanStatus(code: .error, message: decision.reason)) }
            policy.end(at: EpochInstant(job.createdAt))
        }
        if let approval, approval.requestedAt >= job.createdAt {
            let wait = makeSpan(
                tracer,
                "approval wait",
                context: span.context,
                ofKind: .internal,
                at: EpochInstant(approval.requestedAt)
            )
            describe(approval, on: wait)
            wait.end(at: EpochInstant(approval.decidedAt ?? now))
        }
        spans.jobs[job.id] = span
        return span
    }

    /// An approval's outcome on the span of its wait; who decided, never what they wrote.
    private func describe(_ approval: Approval, on span: any Span) {
        span.attributes["cordum.approval.id"] = approval.id
        span.attributes["cordum.approval.status"] = approval.status.rawValue
        span.attributes["cordum.approval.required"] = approval.requiredApprovals
        let approvers = approval.grants.map(\.principal)
        if !approvers.isEmpty { span.attributes["cordum.approval.granted_by"] = approvers }
        if let decidedBy = approval.decidedBy { span.attributes["cordum.approval.decided_by"] = decidedBy }
        if approval.status == .rejected || approval.status == .expired {
            span.setStatus(SpanStatus(code: .error, message: "approval \(approval.status.rawValue)"))
        }
    }
}

extension EpochInstant {
    init(_ time: Timestamp) { self.init(milliseconds: time.milliseconds) }
}

/// `startSpan` on an existential tracer, at a given instant.
private func makeSpan(
    _ tracer: any Tracer,
    _ name: String,
    context: ServiceContext,
    ofKind kind: SpanKind,
    at instant: EpochInstant
) -> any Span {
    tracer.startSpan(name, context: context, ofKind: kind, at: instant, function: #function, file: #fileID, line: #line)
}
