public import AsyncHTTPClient
import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The pagerduty pack's worker: one handler per action on `job.pagerduty.<action>` (``PagerDutyAction``), run by
/// WorkerKit's action runtime. REST calls go over ``CredentialTransport`` with `Authorization: Token token=<key>` and
/// `Accept: application/vnd.pagerduty+json;version=2`; `events.trigger` goes to the profile's Events API address with
/// the profile's routing key in the body and no REST credential. What the worker adds to the runtime:
///
/// - REST writes carry `From`: the job's `from`, else the profile's `from`;
/// - `events.trigger` sends the job's idempotency key as the `dedup_key` unless the job names one, so a retried or
///   rerun job updates one alert instead of opening another; its plan shows the routing key as `[REDACTED]`;
/// - `schedules.get` with `handoff_report` also reads the incidents of the window and writes the handoff report
///   (``HandoffReport``) as a Markdown artifact.
///
/// ```swift
/// let configuration = try PagerDutyConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await PagerDutyWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum PagerDutyWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// PagerDuty answers 429 (with `Retry-After` on the Events API); waits up to a minute are taken.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(120), maxRetryAfter: .seconds(60))

    /// The REST API's media type and version.
    public static let accept = "application/vnd.pagerduty+json;version=2"

    /// The REST writes that carry `From`.
    static let fromActions: Set<String> = [
        "incidents.acknowledge", "incidents.resolve", "incidents.reassign", "incidents.notes.add", "incidents.snooze",
        "maintenance-windows.create",
    ]

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    /// - Throws: ``ConfigurationError`` when a profile's credential fields do not make a credential.
    public static func make(
        configuration: PagerDutyConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws(ConfigurationError) -> Worker {
        var http = configuration.settings.httpClient(vendor: "PagerDuty", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        http.requestIDHeaders.insert("x-request-id", at: 0)
        let rest = try CredentialTransport(
            settings: configuration.settings,
            http: http,
            headers: ["Accept": accept, "Content-Type": "application/json"],
            credentials: CredentialDefaults(apiKeyHeader: "Authorization", apiKeyPrefix: "Token token="),
            classifier: PagerDutyErrors.classifier
        )
        let events = try CredentialTransport(
            settings: configuration.eventsSettings,
            http: http,
            headers: ["Accept": "application/json"],
            classifier: PagerDutyErrors.classifier
        )
        let runtime = ActionRuntime(settings: configuration.settings, transport: rest)
        let eventsRuntime = ActionRuntime(settings: configuration.eventsSettings, transport: events)
        var worker = Worker(packID: PagerDutyConfiguration.packID)
        worker.supportsDryRun = true
        for action in PagerDutyAction.actions {
            let body: JobHandler.Body
            switch action.name {
            case "events.trigger":
                body = { context, input in
                    try await trigger(action, rest: runtime, events: eventsRuntime, context: context, input: input)
                }
            case "schedules.get":
                body = { context, input in
                    try await schedule(action, runtime: runtime, context: context, input: input)
                }
            case let name where fromActions.contains(name):
                body = { context, input in
                    try await runtime.run(action, context: context, input: try withFrom(input, runtime: runtime))
                }
            default:
                body = { context, input in try await runtime.run(action, context: context, input: input) }
            }
            do {
                worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema), body)
            } catch {
                worker.handle(action.topic) { _, _ in throw error }
            }
        }
        return worker
    }

    /// `input` with `from` set to the profile's `from` when the job names none.
    static func withFrom(_ input: JSONValue, runtime: ActionRuntime<CredentialTransport>) throws(WorkerError)
        -> JSONValue
    {
        guard var members = input.objectValue, members["from"] == nil else { return input }
        let profile = try runtime.transport.profile(for: input)
        if let from = profile.vendorProfile.string("from") { members["from"] = .string(from) }
        return .object(members)
    }

    /// `events.trigger`: the profile (and any inline `auth`) is resolved on the REST side, the routing key and the
    /// dedup key are added to the validated input, and the Events API runtime sends it. A dry run's plan shows the
    /// routing key as `[REDACTED]`.
    static func trigger(
        _ action: Action,
        rest: ActionRuntime<CredentialTransport>,
        events: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        let profile = try rest.transport.profile(for: input)
        guard let routingKey = profile.vendorProfile.credentials["routing_key"], !routingKey.isEmpty else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "events.trigger needs the Events API v2 integration key of the profile \"\(profile.name)\": set routing_key_env in CORDUM_PAGERDUTY_PROFILES or CORDUM_PAGERDUTY_ROUTING_KEY(_ENV)."
            )
        }
        var members = input.objectValue ?? [:]
        members["auth"] = nil
        members["routing_key"] = .string(routingKey)
        if members["dedup_key"] == nil, !context.idempotencyKey.isEmpty {
            members["dedup_key"] = .string(context.idempotencyKey)
        }
        guard var output = try await events.run(action, context: context, input: .object(members)).objectValue else {
            return .null
        }
        if case .object(var plan)? = output["plan"], case .object(var body)? = plan["body"] {
            body["routing_key"] = .string(SecretRegistry.mask)
            plan["body"] = .object(body)
            output["plan"] = .object(plan)
        }
        return .object(output)
    }

    /// `schedules.get`; with `handoff_report`, then the incidents of the window and the report as an artifact.
    static func schedule(
        _ action: Action,
        runtime: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        var members = input.objectValue ?? [:]
        let wantsReport = members.removeValue(forKey: "handoff_report")?.boolValue == true
        let output = try await runtime.run(action, context: context, input: .object(members))
        guard wantsReport, var envelope = output.objectValue else { return output }
        try context.checkCancellation()
        let incidents = try await windowIncidents(runtime: runtime, context: context, input: input, action: action)
        let report = HandoffReport(
            schedule: envelope["result"]?["schedule"] ?? .null,
            incidents: incidents,
            since: input["since"]?.stringValue,
            until: input["until"]?.stringValue
        )
        let text = report.markdown()
        let pointer = try await context.artifacts.put(
            text: text,
            contentType: HandoffReport.mediaType,
            labels: ["pack": PagerDutyConfiguration.packID, "kind": "handoff-report"]
        )
        envelope["report"] = [
            "pointer": .string(pointer), "bytes": .integer(text.utf8.count),
            "media_type": .string(HandoffReport.mediaType), "shifts": .integer(report.shifts.count),
            "incidents": .integer(incidents.count),
        ]
        return .object(envelope)
    }

    /// The incidents created in the job's window (every status), 100 a page, at most 10 pages.
    static func windowIncidents(
        runtime: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue,
        action: Action
    ) async throws(WorkerError) -> [JSONValue] {
        let profile = try runtime.transport.profile(for: input)
        var query: [ActionRequest.QueryItem] = []
        for status in ["triggered", "acknowledged", "resolved"] { query.append(.init("statuses[]", status)) }
        for field in ["since", "until"] {
            if let value = input[field]?.stringValue { query.append(.init(field, value)) }
        }
        var incidents: [JSONValue] = []
        var offset = 0
        for _ in 0..<10 {
            let page = ActionRequest(
                method: .GET,
                path: "/incidents",
                query: [.init("limit", "100"), .init("offset", String(offset))] + query
            )
            let answer = try await runtime.transport.send(
                runtime.request(page, action: PagerDutyAction.all["incidents.list"] ?? action, profile: profile),
                profile: profile,
                action: action.name,
                logger: context.logger
            )
            let body = try answer.json(vendor: "PagerDuty")
            let items = body["incidents"]?.arrayValue ?? []
            incidents += items
            guard body["more"]?.boolValue == true, !items.isEmpty else { break }
            offset += items.count
        }
        return incidents
    }
}
