public import AsyncHTTPClient
import Foundation
import StructuredData
public import WorkerKit

/// The jira pack's worker: one handler per action on `job.jira.<action>` (``JiraAction``), run by WorkerKit's
/// action runtime over ``CredentialTransport`` (basic auth with an API token, or a bearer token, per profile).
/// Two actions add a step of their own: `issue.transition` by status name reads the transitions first, and
/// `attachment.add` sends a multipart body. Every result's ADF documents (descriptions, comment bodies) are also
/// rendered as text beside them (`description_text`, `body_text`).
///
/// ```swift
/// let configuration = try JiraConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await JiraWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum JiraWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Jira answers 429 with `Retry-After`; waits up to a minute are taken, longer ones hand the job back.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(120), maxRetryAfter: .seconds(60))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    /// - Throws: ``ConfigurationError`` when a profile's credential fields do not make a credential.
    public static func make(
        configuration: JiraConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Jira", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        http.requestIDHeaders.insert("x-arequestid", at: 0)
        let transport = try CredentialTransport(settings: settings, http: http, classifier: JiraErrors.classifier)
        let runtime = ActionRuntime(settings: settings, transport: transport)
        var worker = Worker(packID: JiraConfiguration.packID)
        worker.supportsDryRun = true
        for action in JiraAction.actions {
            let body: JobHandler.Body
            switch action.name {
            case "issue.transition":
                body = { context, input in
                    try await transition(action, runtime: runtime, context: context, input: input)
                }
            case "attachment.add":
                body = { context, input in try await attach(action, runtime: runtime, context: context, input: input) }
            default:
                body = { context, input in withText(try await runtime.run(action, context: context, input: input)) }
            }
            do {
                worker.handle(action.topic, inputSchema: try schemas.schema(named: action.inputSchema), body)
            } catch {
                worker.handle(action.topic) { _, _ in throw error }
            }
        }
        return worker
    }

    /// `value` with a `<key>_text` member (``ADFDocument/text(_:)``) beside every member holding an ADF document,
    /// at any depth of `result` and `items`.
    static func withText(_ output: JSONValue) -> JSONValue {
        guard var members = output.objectValue else { return output }
        for key in ["result", "items"] { if let value = members[key] { members[key] = rendered(value) } }
        return .object(members)
    }

    static func rendered(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(rendered))
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for (key, member) in members {
                out[key] = rendered(member)
                if ADFDocument.isDocument(member), members[key + "_text"] == nil {
                    out[key + "_text"] = .string(ADFDocument.text(member))
                }
            }
            return .object(out)
        default: return value
        }
    }

    /// Whether the job is a dry run (its label or its input).
    static func isDryRun(_ context: JobContext, _ input: JSONValue) -> Bool {
        context.isDryRun || input["dry_run"]?.boolValue == true
    }

    /// `input` with `dry_run: true`: the runtime then makes every check (intent, profile, lists, projects) and
    /// answers the plan without sending anything.
    static func planned(
        _ action: Action,
        runtime: ActionRuntime<CredentialTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws(WorkerError) -> [String: JSONValue] {
        var members = input.objectValue ?? [:]
        members["dry_run"] = true
        return try await runtime.run(action, context: context, input: .object(members)).objectValue ?? [:]
    }
}
