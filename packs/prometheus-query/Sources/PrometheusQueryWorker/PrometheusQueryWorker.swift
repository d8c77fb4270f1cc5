public import AsyncHTTPClient
public import Foundation
import StructuredData
public import WorkerKit

/// The prometheus-query pack's worker: one handler per action on `job.prometheus-query.<action>`
/// (``PrometheusAction/all``), run by WorkerKit's action runtime over ``CredentialTransport`` (Prometheus) and
/// ``AlertmanagerTransport``, with ``QueryJob`` around it for the profile's bounds, the silence's creator and
/// the charts of range queries.
///
/// ```swift
/// let configuration = try PrometheusQueryConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await PrometheusQueryWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum PrometheusQueryWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// An answer with more series than the profile's `max_series`.
    public static let tooManySeries = WorkerError.Code("prometheus_too_many_series")

    /// Retries wait for a `Retry-After` up to a minute.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(90), maxRetryAfter: .seconds(60))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and bounds.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient of profiles without TLS settings of their own.
    ///   - now: The wall clock (relative ranges, silence times).
    /// - Throws: ``ConfigurationError`` when a profile's credential or TLS settings are unusable.
    public static func make(
        configuration: PrometheusQueryConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Prometheus", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        let prometheus = try CredentialTransport(settings: settings, http: http, now: now)
        let alertmanager = AlertmanagerTransport(base: prometheus)
        let promJobs = QueryJob(
            runtime: ActionRuntime(settings: settings, transport: prometheus, artifactThreshold: 0),
            configuration: configuration,
            now: now
        )
        let amJobs = QueryJob(
            runtime: ActionRuntime(settings: settings, transport: alertmanager, artifactThreshold: 0),
            configuration: configuration,
            now: now
        )
        var worker = Worker(packID: PrometheusQueryConfiguration.packID)
        worker.supportsDryRun = true
        for action in PrometheusAction.prometheus {
            register(action, on: &worker) { try await promJobs.run(action, context: $0, input: $1) }
        }
        for action in PrometheusAction.alertmanager {
            register(action, on: &worker) { try await amJobs.run(action, context: $0, input: $1) }
        }
        return worker
    }

    private static func register(_ action: Action, on worker: inout Worker, body: @escaping JobHandler.Body) {
        do {
            worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema), body)
        } catch {
            worker.handle(action.topic) { _, _ in throw error }
        }
    }
}
