public import AsyncHTTPClient
import Foundation
import StructuredData
public import WorkerKit

/// The msteams pack's worker: one handler per action on `job.msteams.<action>` (``MSTeamsAction/all``), run by
/// WorkerKit's action runtime over its ``CredentialTransport`` (Graph with Entra ID client credentials) and
/// ``MSTeamsWebhookTransport`` (`webhook.post`).
///
/// ```swift
/// let configuration = try MSTeamsConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await MSTeamsWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum MSTeamsWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Graph throttles with `429` and `Retry-After` (seconds); retries wait for it up to two minutes.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(180), maxRetryAfter: .seconds(120))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    ///   - tokens: The token cache (one per worker).
    public static func make(
        configuration: MSTeamsConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        tokens: ExchangedTokenCache = ExchangedTokenCache()
    ) -> Worker {
        let settings = configuration.settings
        let http = makeClient(settings: settings, retryClock: retryClock, httpClient: httpClient)
        let graphActions = MSTeamsAction.graphActions
        var worker: Worker
        do {
            let transport = try makeTransport(
                configuration: configuration,
                retryClock: retryClock,
                httpClient: httpClient,
                tokens: tokens
            )
            worker = Worker(
                packID: MSTeamsConfiguration.packID,
                actions: graphActions,
                runtime: runtime(transport, settings),
                schemas: schemas
            )
        } catch {
            // A profile whose credential cannot be read fails every Graph job with the configuration's message.
            worker = Worker(packID: MSTeamsConfiguration.packID)
            for action in graphActions { worker.handle(action.topic) { _, _ in throw error } }
        }
        let webhook = runtime(MSTeamsWebhookTransport(settings: settings, http: http), settings)
        let action = MSTeamsAction.webhook
        do {
            let schema = try schemas.schema(named: action.inputSchema)
            worker.handle(action.topic, inputSchema: schema) { context, input in
                try await webhook.run(action, context: context, input: input)
            }
        } catch {
            worker.handle(action.topic) { _, _ in throw error }
        }
        return worker
    }

    static func runtime<Transport: ActionTransport>(
        _ transport: Transport,
        _ settings: VendorSettings
    ) -> ActionRuntime<Transport> {
        ActionRuntime(settings: settings, transport: transport, maxPagesLimit: MSTeamsConfiguration.maxPagesLimit)
    }

    /// The Graph transport: WorkerKit's ``CredentialTransport`` over ``makeClient(settings:retryClock:httpClient:)``,
    /// each profile's Entra ID client credentials read now.
    /// - Throws: ``ConfigurationError`` naming the profile whose credential cannot be read.
    public static func makeTransport(
        configuration: MSTeamsConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient,
        tokens: ExchangedTokenCache = ExchangedTokenCache()
    ) throws(ConfigurationError) -> CredentialTransport {
        let http = makeClient(settings: configuration.settings, retryClock: retryClock, httpClient: httpClient)
        return try CredentialTransport(settings: configuration.settings, http: http, tokens: tokens)
    }

    /// The Graph client: the settings' timeout, user agent and secrets; `request-id` as the request id.
    /// - Parameters:
    ///   - settings: The settings.
    ///   - retryClock: The clock retries sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    public static func makeClient(
        settings: VendorSettings,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) -> VendorHTTPClient {
        var http = settings.httpClient(vendor: "Microsoft Graph", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        http.requestIDHeaders.insert("request-id", at: 0)
        return http
    }
}
