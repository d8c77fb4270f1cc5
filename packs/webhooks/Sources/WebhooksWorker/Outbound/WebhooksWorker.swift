public import AsyncHTTPClient
public import Foundation
import StructuredData
public import WorkerKit

/// The webhooks pack's outbound worker: `job.webhooks.destinations.ping` and `job.webhooks.deliver` on WorkerKit's
/// action runtime over ``WebhooksTransport``.
///
/// ```swift
/// let configuration = try WebhooksConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await WebhooksWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum WebhooksWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Deliveries are retried with full-jitter exponential backoff (1 s doubling to 30 s, five tries, three minutes
    /// at most), honouring `Retry-After` up to two minutes. They carry an idempotency key, so 5xx answers and
    /// timeouts are retried too.
    public static let retryPolicy = RetryPolicy(
        maxAttempts: 5,
        baseDelay: .seconds(1),
        maxDelay: .seconds(30),
        maxTotalTime: .seconds(180),
        maxRetryAfter: .seconds(120)
    )

    /// A worker serving both actions; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    ///   - now: The clock signatures are made with.
    public static func make(
        configuration: WebhooksConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "the webhook destination", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        let runtime = ActionRuntime(
            settings: settings,
            transport: WebhooksTransport(settings: settings, http: http, now: now)
        )
        return Worker(
            packID: WebhooksConfiguration.packID,
            actions: [WebhooksAction.ping, WebhooksAction.deliver],
            runtime: runtime,
            schemas: schemas
        )
    }
}

extension WebhooksWorker {
    /// The webhooks worker for packctl's built-in registry: configured from `CORDUM_WEBHOOKS_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set. Its companion is the receiver, which
    /// `packctl dev` runs against its host when `CORDUM_WEBHOOKS_SOURCES` or `CORDUM_WEBHOOKS_SOURCES_FILE` is set
    /// (listening on `CORDUM_WEBHOOKS_RECEIVER_ADDRESS`, default `127.0.0.1:8095` there).
    public static let registration = WorkerRegistration(
        packID: WebhooksConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try WebhooksConfiguration(environment: settings)
        return MadeWorker(make(configuration: configuration), secrets: configuration.settings.secrets)
    }
    .with { settings, hostURL in
        guard settings["CORDUM_WEBHOOKS_SOURCES"] != nil || settings["CORDUM_WEBHOOKS_SOURCES_FILE"] != nil else {
            return
        }
        var environment = settings
        if environment["CORDUM_WEBHOOKS_HOST_URL"] == nil { environment["CORDUM_WEBHOOKS_HOST_URL"] = hostURL }
        if environment["CORDUM_WEBHOOKS_RECEIVER_ADDRESS"] == nil {
            environment["CORDUM_WEBHOOKS_RECEIVER_ADDRESS"] = "127.0.0.1:8095"
        }
        try await WebhooksMain.run(mode: "receiver", environment: environment)
    }
}
