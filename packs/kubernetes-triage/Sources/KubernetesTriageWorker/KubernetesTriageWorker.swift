public import AsyncHTTPClient
import StructuredData
public import WorkerKit

/// The kubernetes-triage pack's worker: the declared actions (``KubernetesAction``) on WorkerKit's action runtime,
/// and the handlers that read several answers (``KubernetesHandlers``: logs, describe, rollout status), all over
/// ``KubernetesTransport``.
///
/// ```swift
/// let configuration = try KubernetesConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await KubernetesTriageWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum KubernetesTriageWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient of profiles without TLS settings of their own.
    /// - Throws: ``ConfigurationError`` for a profile whose credential or TLS settings are unusable.
    public static func make(
        configuration: KubernetesConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws(ConfigurationError) -> Worker {
        let settings = configuration.settings
        var http = settings.httpClient(vendor: "Kubernetes")
        http.httpClient = httpClient
        http.clock = retryClock
        http.requestIDHeaders.insert("audit-id", at: 0)
        let transport = try KubernetesTransport(configuration: configuration, http: http)
        // events.list answers newest first (the API server lists events by name), as kubectl describe shows them.
        let runtime = ActionRuntime(settings: settings, transport: transport) { action, _, output in
            guard action.name == "events.list", let items = output["items"]?.arrayValue else { return }
            output["items"] = .array(KubernetesHandlers.newestFirst(items))
        }
        let handlers = KubernetesHandlers(runtime: runtime)
        var worker = Worker(
            packID: KubernetesConfiguration.packID,
            actions: KubernetesAction.reads,
            runtime: runtime,
            schemas: schemas
        )
        for action in KubernetesAction.writes {
            register(&worker, action.topic, action.inputSchema) { context, input in
                try await handlers.write(action, context: context, input: input)
            }
        }
        register(&worker, "job.kubernetes-triage.pods.logs", "PodsLogsInput") { context, input in
            try await handlers.logs(context: context, input: input)
        }
        register(&worker, "job.kubernetes-triage.pods.describe", "PodsDescribeInput") { context, input in
            try await handlers.describe(context: context, input: input)
        }
        register(&worker, "job.kubernetes-triage.deployments.rollout_status", "DeploymentsRolloutStatusInput") {
            context,
            input in
            try await handlers.rolloutStatus(context: context, input: input)
        }
        return worker
    }

    static func register(
        _ worker: inout Worker,
        _ topic: String,
        _ schema: String,
        _ body: @escaping @Sendable (JobContext, JSONValue) async throws -> JSONValue
    ) {
        do {
            worker.handle(topic, inputSchema: try schemas.schema(named: schema), body)
        } catch {
            worker.handle(topic) { _, _ in throw error }
        }
    }

    /// The worker for packctl's built-in registry: configured from `CORDUM_KUBERNETES_TRIAGE_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set.
    public static let registration = WorkerRegistration(
        packID: KubernetesConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try KubernetesConfiguration(environment: settings)
        return MadeWorker(try make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
