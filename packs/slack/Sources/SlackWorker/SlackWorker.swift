public import AsyncHTTPClient
import StructuredData
public import WorkerKit

/// The slack pack's worker: one handler per action on `job.slack.<action>` (``SlackAction/all``), run by
/// WorkerKit's action runtime over ``SlackTransport`` (the Web API) and ``SlackWebhookTransport``
/// (`webhook.post`).
///
/// ```swift
/// let configuration = try SlackConfiguration(environment: environment, secrets: workerConfiguration.secrets)
/// try await SlackWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum SlackWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// Slack's error codes (`200 {"ok": false, "error": …}`) that have a shared meaning; any other is
    /// `vendor_error` with Slack's code in the message.
    public static let errorCodes: [String: WorkerError.Code] = [
        "channel_not_found": .notFound, "user_not_found": .notFound, "users_not_found": .notFound,
        "message_not_found": .notFound, "thread_not_found": .notFound, "no_item_specified": .validationFailed,
        "invalid_auth": .unauthorized, "not_authed": .unauthorized, "token_revoked": .unauthorized,
        "token_expired": .unauthorized, "account_inactive": .unauthorized,
        "missing_scope": .forbidden, "not_allowed_token_type": .forbidden, "no_permission": .forbidden,
        "restricted_action": .forbidden, "not_in_channel": .forbidden, "cant_update_message": .forbidden,
        "cant_delete_message": .forbidden, "ekm_access_denied": .forbidden,
        "ratelimited": .rateLimited, "rate_limited": .rateLimited,
        "name_taken": .conflict, "already_in_channel": .conflict, "already_reacted": .conflict,
        "already_archived": .conflict, "is_archived": .conflict,
        "invalid_arguments": .validationFailed, "invalid_arg_name": .validationFailed,
        "invalid_array_arg": .validationFailed, "invalid_form_data": .validationFailed,
        "invalid_json": .validationFailed, "json_not_object": .validationFailed, "invalid_blocks": .validationFailed,
        "invalid_blocks_format": .validationFailed, "invalid_name": .validationFailed,
        "invalid_name_specials": .validationFailed, "invalid_name_punctuation": .validationFailed,
        "invalid_name_maxlength": .validationFailed, "invalid_name_required": .validationFailed,
        "invalid_cursor": .validationFailed, "invalid_ts_latest": .validationFailed,
        "invalid_ts_oldest": .validationFailed, "msg_too_long": .validationFailed, "no_text": .validationFailed,
        "too_long": .validationFailed, "bad_timestamp": .validationFailed, "too_many_users": .validationFailed,
        "cant_invite_self": .validationFailed, "user_is_bot": .validationFailed,
        "internal_error": .unavailable, "fatal_error": .unavailable, "service_unavailable": .unavailable,
        "request_timeout": .timeout,
    ]

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, lists and limits.
    ///   - retryClock: The clock retries (and `Retry-After` waits) sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    public static func make(
        configuration: SlackConfiguration,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) -> Worker {
        let settings = configuration.settings
        let api = runtime(
            SlackTransport(
                settings: settings,
                http: makeClient(settings: settings, retryClock: retryClock, httpClient: httpClient)
            ),
            settings
        )
        var worker = Worker(
            packID: SlackConfiguration.packID,
            actions: SlackAction.apiActions,
            runtime: api,
            schemas: schemas
        )
        var hooks = settings.httpClient(vendor: "Slack", retry: retryPolicy)
        hooks.clock = retryClock
        hooks.httpClient = httpClient
        let webhook = runtime(SlackWebhookTransport(settings: settings, http: hooks), settings)
        let action = SlackAction.webhook
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

    /// Retries wait for Slack's `Retry-After` (tier limits answer 429 with it) up to two minutes.
    static let retryPolicy = RetryPolicy(maxTotalTime: .seconds(180), maxRetryAfter: .seconds(120))

    static func runtime<Transport: ActionTransport>(
        _ transport: Transport,
        _ settings: VendorSettings
    ) -> ActionRuntime<Transport> {
        ActionRuntime(settings: settings, transport: transport, maxPagesLimit: SlackConfiguration.maxPagesLimit)
    }

    /// The Web API client: the settings' timeout, user agent and secrets; `ok: false` answers classified by
    /// ``errorCodes``; `x-slack-req-id` as the request id.
    /// - Parameters:
    ///   - settings: The settings.
    ///   - retryClock: The clock retries sleep on.
    ///   - httpClient: The AsyncHTTPClient.
    public static func makeClient(
        settings: VendorSettings,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) -> VendorHTTPClient {
        var http = settings.httpClient(vendor: "Slack", retry: retryPolicy)
        http.httpClient = httpClient
        http.clock = retryClock
        http.answerClassifier = .successFlag("ok", errorField: "error", codes: errorCodes)
        http.requestIDHeaders.insert("x-slack-req-id", at: 0)
        return http
    }
}
