public import AsyncHTTPClient
import Foundation
import StructuredData
public import WorkerKit

/// The sentry pack's worker: one handler per action on `job.sentry.<action>` (``SentryAction``), run by WorkerKit's
/// action runtime over ``BearerTokenTransport`` (`Authorization: Bearer <token>`: an organization auth token or an
/// internal integration's token). Lists follow Sentry's `Link` paging (WorkerKit's `LinkPagination` stops at a
/// `next` link marked `results="false"`); 429s are retried after `Retry-After`. Before the runtime sees a job, the
/// worker fills in `organization` from the profile when the job names none. `releases.report` reads a release's
/// health and writes the release health report (``ReleaseReport``) as an artifact.
///
/// ```swift
/// let configuration = try SentryConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await SentryWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum SentryWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Sentry answers 429 with `Retry-After`; waits up to a minute are taken, longer ones hand the job back.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(120), maxRetryAfter: .seconds(60))

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    public static func make(
        configuration: SentryConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Sentry", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        let transport = BearerTokenTransport(settings: settings, http: http, classifier: SentryErrors.classifier)
        let runtime = ActionRuntime(settings: settings, transport: transport)
        var worker = Worker(packID: SentryConfiguration.packID)
        worker.supportsDryRun = true
        for action in SentryAction.actions {
            let body: JobHandler.Body = { context, input in
                let filled = try withOrganization(input, settings: settings)
                guard action.name == "releases.report" else {
                    return try await runtime.run(action, context: context, input: filled)
                }
                return try await report(action, runtime: runtime, context: context, input: filled)
            }
            handle(&worker, action.topic, schema: action.inputSchema, body)
        }
        return worker
    }

    static func handle(_ worker: inout Worker, _ topic: String, schema: String, _ body: @escaping JobHandler.Body) {
        do {
            worker.handle(topic, inputSchema: try schemas.schema(named: schema), body)
        } catch {
            worker.handle(topic) { _, _ in throw error }
        }
    }

    /// `input` with `organization` from its profile's `organization` setting when it names none.
    /// - Throws: `invalid_input` when neither says which organization; the profile errors of the runtime.
    static func withOrganization(_ input: JSONValue, settings: VendorSettings) throws(WorkerError) -> JSONValue {
        guard var members = input.objectValue, members["organization"] == nil else { return input }
        let profile = try settings.resolveProfile(for: input)
        guard let organization = profile.string("organization"), !organization.isEmpty else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "organization: the job names no organization and the profile \"\(profile.name)\" has none; give organization (a slug) or set organization in \(settings.variablePrefix)PROFILES or \(settings.variablePrefix)ORGANIZATION."
            )
        }
        members["organization"] = .string(organization)
        return .object(members)
    }

    /// `releases.report`: reads the release with its health (the action's request: `health=true`), then stores the
    /// report as a Markdown artifact and answers its verdict in the envelope of that read.
    static func report(
        _ action: Action,
        runtime: ActionRuntime<BearerTokenTransport>,
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        let version = input["version"]?.stringValue ?? ""
        guard var output = try await runtime.run(action, context: context, input: input).objectValue else {
            throw WorkerError(code: .vendorError, message: "Sentry's release answer was not an object.")
        }
        let report = ReleaseReport(
            version: version,
            release: output["result"] ?? .null,
            newIssues: input["new_issues"]?.arrayValue ?? [],
            deploys: input["deploys"]?.arrayValue ?? [],
            minCrashFree: input["min_crash_free"]?.doubleValue ?? 99,
            maxNewIssues: input["max_new_issues"]?.intValue ?? 5
        )
        let mediaType = "text/markdown; charset=utf-8"
        let bytes = report.markdown.utf8.count
        let pointer = try await context.artifacts.put(
            text: report.markdown,
            contentType: mediaType,
            labels: ["pack": "sentry", "kind": "release-health-report", "release": version]
        )
        output["result"] = [
            "version": .string(version),
            "verdict": .string(report.verdict),
            "crash_free_sessions": report.crashFreeSessions.map { .number($0) } ?? .null,
            "new_issues": .integer(report.newIssues),
            "text": .string(report.summary),
            "report": ["pointer": .string(pointer), "media_type": .string(mediaType), "bytes": .integer(bytes)],
        ]
        let artifact: JSONValue = [
            "pointer": .string(pointer), "bytes": .integer(bytes), "field": "result.report",
            "media_type": .string(mediaType),
        ]
        output["artifacts"] = .array((output["artifacts"]?.arrayValue ?? []) + [artifact])
        return .object(output)
    }
}
