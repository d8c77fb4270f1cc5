public import AsyncHTTPClient
import Foundation
import StructuredData
public import WorkerKit

/// The servicenow pack's worker: one handler per action on `job.servicenow.<action>` (``ServiceNowAction``), run by
/// WorkerKit's action runtime over ``CredentialTransport`` (basic auth or OAuth 2.0, per profile, with the profile's
/// instance URL and CA). What is ServiceNow's own:
///
/// - Single records (`incidents.get`, `changes.get`, `cmdb.ci.get`) come back as `result`, whether named by sys_id
///   or by number (`INC0010001`, `CHG0030001`) or, for CIs, by name; none is `not_found`, two CIs of one name
///   `conflict`. `cmdb.ci.get` adds `production` (the profile's `prod_cis`).
/// - Writes name records by sys_id or number; a number is resolved to its sys_id first (a dry run shows the plan with
///   the number and what it would resolve).
/// - Production routing: a change on a CI the profile marks as production (`prod_cis`) is refused on
///   `changes.create`/`changes.update` and only served on `prod.changes.*`, which refuse other CIs; an update reads
///   the change's CI first. So the `prod` tag the policy sees is always true.
/// - `cmdb.relations` items carry `direction` (`upstream`: the CI is the child; `downstream`: the parent).
public enum ServiceNowWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// ServiceNow answers 429 with `Retry-After` under its rate-limit rules; waits up to a minute are taken.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(120), maxRetryAfter: .seconds(60))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    /// - Throws: ``ConfigurationError`` when a profile's credential or TLS fields do not make a credential.
    public static func make(
        configuration: ServiceNowConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "ServiceNow", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        let transport = try CredentialTransport(
            settings: settings,
            http: http,
            credentials: CredentialDefaults(tokenURL: ServiceNowConfiguration.tokenPath),
            classifier: ServiceNowErrors.classifier
        )
        let handlers = ServiceNowHandlers(runtime: ActionRuntime(settings: settings, transport: transport))
        var worker = Worker(packID: ServiceNowConfiguration.packID)
        worker.supportsDryRun = true
        for action in ServiceNowAction.actions {
            let body: JobHandler.Body = { context, input in
                try await handlers.run(action, context: context, input: input)
            }
            do {
                worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema), body)
            } catch {
                worker.handle(action.topic) { _, _ in throw error }
            }
        }
        return worker
    }
}
