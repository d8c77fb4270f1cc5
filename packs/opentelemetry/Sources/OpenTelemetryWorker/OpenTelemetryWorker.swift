public import AsyncHTTPClient
public import Foundation
import StructuredData
public import WorkerKit

/// The opentelemetry pack's worker: one handler per action on `job.opentelemetry.<action>`
/// (``OpenTelemetryAction``), run by WorkerKit's action runtime over ``JaegerTransport`` with ``TraceJob`` around
/// it for the profile's bounds, the summaries of searches and the analyses (critical path, self time, errors,
/// slow-versus-fast comparison, the waterfall chart).
///
/// ```swift
/// let configuration = try OpenTelemetryConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await OpenTelemetryWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum OpenTelemetryWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Retries wait for a `Retry-After` up to a minute.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(90), maxRetryAfter: .seconds(60))

    /// A worker serving every action.
    /// - Parameters:
    ///   - configuration: Profiles, lists and bounds.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient of profiles without TLS settings of their own.
    ///   - now: The wall clock (relative ranges).
    /// - Throws: ``ConfigurationError`` when a profile's credential or TLS settings are unusable.
    public static func make(
        configuration: OpenTelemetryConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Jaeger", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        let base = try CredentialTransport(
            settings: settings,
            http: http,
            classifier: JaegerTransport.classifier,
            now: now
        )
        let jobs = TraceJob(
            runtime: ActionRuntime(settings: settings, transport: JaegerTransport(base: base), artifactThreshold: 0),
            configuration: configuration,
            now: now
        )
        var worker = Worker(packID: OpenTelemetryConfiguration.packID)
        for action in OpenTelemetryAction.actions {
            let body: JobHandler.Body = { try await jobs.run(action, context: $0, input: $1) }
            do {
                worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema), body)
            } catch {
                worker.handle(action.topic) { _, _ in throw error }
            }
        }
        return worker
    }
}
