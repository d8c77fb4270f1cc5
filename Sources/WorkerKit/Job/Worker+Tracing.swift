import Telemetry
import Tracing

extension Worker {
    /// A job's span: a consumer span under the host's job span when the job's `env` carries `TRACEPARENT`, else the
    /// root of a trace of its own.
    func startSpan(for context: JobContext, on tracer: any Tracer) -> any Span {
        let parent = TraceContextCarrier.extract(context.environment, with: tracer, as: .environment)
        let span = tracer.startSpan(
            context.topic,
            context: parent,
            ofKind: .consumer,
            at: DefaultTracerClock.now,
            function: #function,
            file: #fileID,
            line: #line
        )
        span.attributes["cordum.job.id"] = context.jobID
        span.attributes["cordum.job.topic"] = context.topic
        span.attributes["cordum.pack.id"] = packID
        span.attributes["cordum.worker.id"] = context.workerID
        span.attributes["cordum.tenant"] = context.tenant
        if let run = context.runID { span.attributes["cordum.run.id"] = run }
        if context.isDryRun { span.attributes["cordum.job.dry_run"] = true }
        return span
    }

    /// Ends a job's span with its outcome; the message is scrubbed of the worker's secrets like the outcome itself.
    func end(_ span: any Span, with outcome: JobOutcome, secrets: SecretRegistry) {
        switch outcome {
        case .succeeded:
            span.attributes["cordum.job.outcome"] = "succeeded"
        case .failed(let error):
            span.attributes["cordum.job.outcome"] = "failed"
            span.attributes["cordum.error.code"] = error.code.rawValue
            span.setStatus(SpanStatus(code: .error, message: secrets.scrub(error.message)))
        case .cancelled(let error):
            span.attributes["cordum.job.outcome"] = "cancelled"
            span.attributes["cordum.error.code"] = error.code.rawValue
        }
        span.end(at: DefaultTracerClock.now)
    }
}
