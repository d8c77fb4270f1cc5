public import AsyncHTTPClient
public import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The datadog pack's worker: one handler per action on `job.datadog.<action>` (``DatadogAction/all``), run by
/// WorkerKit's action runtime over ``CredentialTransport`` (Datadog's `DD-API-KEY` and `DD-APPLICATION-KEY`
/// headers), with ``DatadogJob`` around it for the profile's bounds, the mute and downtime times, and the charts of
/// metric queries. Datadog's `X-RateLimit-*` headers are respected: a 429 waits the seconds `X-RateLimit-Reset`
/// says (Datadog writes seconds left, not a time), within the retry budget, and every output carries the last
/// answer's `rate_limit`.
///
/// ```swift
/// let configuration = try DatadogConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await DatadogWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum DatadogWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// An answer with more series than the profile's `max_series`.
    public static let tooManySeries = WorkerError.Code("datadog_too_many_series")

    /// Retries wait for a rate-limit reset up to a minute (Datadog's windows are 10 s to 1 h long).
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(90), maxRetryAfter: .seconds(60))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and bounds.
    ///   - retryClock: The clock retries (and rate-limit waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient of profiles without TLS settings of their own.
    ///   - now: The wall clock (relative ranges, mute and downtime times).
    /// - Throws: ``ConfigurationError`` when a profile's credential or TLS settings are unusable.
    public static func make(
        configuration: DatadogConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Datadog", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        http.rateLimitReset = .secondsLeft
        let transport = try CredentialTransport(
            settings: settings,
            http: http,
            credentials: CredentialDefaults(apiKeyHeader: "DD-API-KEY", applicationKeyHeader: "DD-APPLICATION-KEY"),
            now: now
        )
        let jobs = DatadogJob(
            runtime: ActionRuntime(settings: settings, transport: transport, artifactThreshold: 0, extras: rateLimit),
            configuration: configuration,
            now: now
        )
        var worker = Worker(packID: DatadogConfiguration.packID)
        worker.supportsDryRun = true
        for action in DatadogAction.list {
            do {
                worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema)) {
                    try await jobs.run(action, context: $0, input: $1)
                }
            } catch {
                worker.handle(action.topic) { _, _ in throw error }
            }
        }
        return worker
    }

    /// Datadog's rate-limit headers of the last answer as `rate_limit` (`limit`, `period`, `remaining`, `reset` in
    /// seconds left, `name`), when it sent them.
    static let rateLimit: ActionRuntime<CredentialTransport>.Extras = { _, answer, output in
        var fields: [String: JSONValue] = [:]
        for name in ["limit", "period", "remaining", "reset"] {
            if let value = answer.headers.first(name: "x-ratelimit-\(name)").flatMap({ Int($0) }) {
                fields[name] = .integer(value)
            }
        }
        if let name = answer.headers.first(name: "x-ratelimit-name") { fields["name"] = .string(name) }
        if !fields.isEmpty { output["rate_limit"] = .object(fields) }
    }
}
