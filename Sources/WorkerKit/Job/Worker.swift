public import JSONSchema
public import StructuredData
import Telemetry
public import Tracing

/// A pack's worker: its pack id and one handler per topic. Transports (CAP, in-process) run it.
///
/// ```swift
/// var worker = Worker(packID: "hello")
/// worker.handle("job.hello.echo", inputSchema: try JSONSchema(schema)) { context, input in
///     await context.progress.report(percent: 50)
///     return ["echo": input]
/// }
/// ```
public struct Worker: Sendable {
    /// The pack id.
    public let packID: String
    /// Handlers by topic.
    public private(set) var handlers: [String: JobHandler] = [:]
    /// Where job counts and durations are recorded (`MetricsSystem.factory` unless set).
    public var metrics = WorkerMetrics()
    /// Where each job's span goes, as a child of the span the job's `TRACEPARENT` names (the host's job span) so the
    /// worker's time shows in the run's trace. None by default; ``run(configuration:logger:)`` sets one when
    /// `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
    public var tracer: (any Tracer)?
    /// Whether every handler of this worker answers a dry-run job (`context.isDryRun`) with its plan — the exact
    /// request it would send — and without side effects. The host sends the write jobs of a dry run only to
    /// workers that declare it (in-process, and over CAP through the ``dryRunHeartbeatLabel`` of their
    /// heartbeats); any other worker never sees them, and the host plans those jobs itself. Workers built from
    /// actions (``init(packID:actions:runtime:schemas:)``) declare it; a hand-written handler's author sets it only when every write handler checks
    /// `isDryRun` before calling anything.
    public var supportsDryRun = false

    /// The heartbeat label (and its value) by which a CAP worker declares ``supportsDryRun``.
    public static let dryRunHeartbeatLabel = (key: "cordum.dry_run", value: "plan")

    /// A worker with no handlers yet.
    public init(packID: String) {
        self.packID = packID
    }

    /// Registers (or replaces) the handler of `topic`.
    /// - Parameters:
    ///   - topic: The topic.
    ///   - inputSchema: Checked against each input before `body` runs; a violation fails the job with
    ///     `invalid_input` naming the field.
    ///   - body: The handler body.
    public mutating func handle(
        _ topic: String,
        inputSchema: JSONSchema? = nil,
        _ body: @escaping JobHandler.Body
    ) {
        handlers[topic] = JobHandler(topic: topic, inputSchema: inputSchema, body: body)
    }

    /// The topics this worker handles, sorted.
    public var topics: [String] { handlers.keys.sorted() }

    /// Runs one job: finds the topic's handler, validates the input, runs the body, and maps every way it can end
    /// to a ``JobOutcome`` whose messages and output carry no registered secret.
    /// - Parameters:
    ///   - context: The job.
    ///   - input: The decoded input.
    /// - Returns: The outcome; never throws.
    public func execute(_ context: JobContext, input: JSONValue) async -> JobOutcome {
        let metricTopic = handlers[context.topic] == nil ? "unknown" : context.topic
        metrics.started(topic: metricTopic)
        let start = ContinuousClock.now
        let outcome: JobOutcome
        let span = tracer.map { startSpan(for: context, on: $0) }
        if let tracer, let span {
            outcome = await TraceScope.$current.withValue(TraceScope(tracer: tracer, context: span.context)) {
                await unscrubbedOutcome(context, input: input)
            }
        } else {
            outcome = await unscrubbedOutcome(context, input: input)
        }
        metrics.finished(topic: metricTopic, outcome: outcome, duration: ContinuousClock.now - start)
        if let span { end(span, with: outcome, secrets: context.secrets) }
        let secrets = context.secrets
        switch outcome {
        case .succeeded(let output): return .succeeded(secrets.scrub(output))
        case .failed(var error):
            error.message = secrets.scrub(error.message)
            return .failed(error)
        case .cancelled(var error):
            error.message = secrets.scrub(error.message)
            return .cancelled(error)
        }
    }

    private func unscrubbedOutcome(_ context: JobContext, input: JSONValue) async -> JobOutcome {
        guard let handler = handlers[context.topic] else {
            return .failed(
                WorkerError(
                    code: .unknownTopic,
                    message:
                        "The \(packID) worker has no handler for topic \"\(context.topic)\"; it handles \(topics.joined(separator: ", "))."
                )
            )
        }
        if let schema = handler.inputSchema {
            let violations = schema.validate(input)
            if let first = violations.first {
                let more = violations.count > 1 ? " (and \(violations.count - 1) more)" : ""
                return .failed(
                    WorkerError(
                        code: .invalidInput,
                        message: "The input does not match the schema of \(context.topic): \(first)\(more)."
                    )
                )
            }
        }
        if context.isCancelled { return .cancelled(Self.cancelledError(context)) }
        do {
            let output = try await handler.body(context, input)
            if context.isCancelled { return .cancelled(Self.cancelledError(context)) }
            return .succeeded(output)
        } catch let error as WorkerError {
            return error.code == .cancelled || context.isCancelled ? .cancelled(error) : .failed(error)
        } catch is CancellationError {
            return .cancelled(Self.cancelledError(context))
        } catch {
            if context.isCancelled { return .cancelled(Self.cancelledError(context)) }
            return .failed(
                WorkerError(code: .handlerFailed, message: "The handler of \(context.topic) failed: \(error)")
            )
        }
    }

    private static func cancelledError(_ context: JobContext) -> WorkerError {
        WorkerError(code: .cancelled, message: context.cancellation.reason ?? "The job was cancelled.")
    }
}
