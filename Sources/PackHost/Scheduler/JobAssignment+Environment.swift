import StructuredData

extension JobAssignment {
    /// The `env` a worker receives, in process or over CAP: the job envelope's entries (a workflow step's
    /// `workflow_id`, `run_id`, `step_id`, `memory_id`, ..., `CORDUM_EFFECTIVE_CONFIG`), `tenant_id`, and, when the
    /// decision has constraints, `CORDUM_POLICY_CONSTRAINTS` (their JSON) and `CORDUM_REDACTION_LEVEL`; when the host
    /// exports traces, `TRACEPARENT` (and `TRACESTATE`) of the job's span.
    var environment: [String: String] {
        var env = job.envelope.env
        // A job's own input cannot set the trace context: only the host's span is the parent.
        env["TRACEPARENT"] = nil
        env["TRACESTATE"] = nil
        env.merge(traceContext) { _, traced in traced }
        env["tenant_id"] = job.tenantID
        if let constraints {
            env["CORDUM_POLICY_CONSTRAINTS"] = JSONEncoding.compact(constraints)
            if let level = constraints["redaction_level"]?.stringValue { env["CORDUM_REDACTION_LEVEL"] = level }
        }
        return env
    }
}
