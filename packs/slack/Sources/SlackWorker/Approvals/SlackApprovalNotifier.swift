public import Logging
import NIOHTTP1
import StructuredData
public import WorkerKit

/// Posts pending approvals to a profile's approvals channel and updates the message once the approval is decided —
/// by a button (``SlackApprovalReceiver``) or anywhere else — through Slack's `chat.postMessage` and `chat.update`
/// with the profile's bot token and the worker's Web API client (so `ok: false` answers fail with the shared codes).
public struct SlackApprovalNotifier: ApprovalNotifying {
    /// A posted approval message.
    public struct Posted: Sendable, Hashable {
        /// The channel id.
        public var channel: String
        /// The message's `ts`.
        public var ts: String
    }

    let http: VendorHTTPClient
    let baseURL: String
    let token: String
    let channel: String

    /// A notifier for `profile` of `configuration`.
    /// - Parameters:
    ///   - configuration: The worker's configuration.
    ///   - profile: The profile (default: the default profile).
    ///   - http: The Web API client (``SlackWorker/makeClient(settings:retryClock:httpClient:)``).
    /// - Throws: `unknown_profile`; `invalid_input` when the profile has no bot token or no `approvals_channel`.
    public init(
        configuration: SlackConfiguration,
        profile: String? = nil,
        http: VendorHTTPClient
    ) throws(WorkerError) {
        let input: JSONValue = profile.map { ["profile": .string($0)] } ?? [:]
        let resolved = try configuration.settings.resolveProfile(for: input)
        guard let token = resolved.token, let channel = resolved.string("approvals_channel") else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "Slack approvals need the profile \"\(resolved.name)\" to have a bot token and approvals_channel (in \(configuration.settings.variablePrefix)PROFILES, or \(configuration.settings.variablePrefix)APPROVALS_CHANNEL)."
            )
        }
        var base = resolved.baseURL ?? SlackConfiguration.defaultBaseURL
        if base.hasSuffix("/") { base.removeLast() }
        self.http = http
        self.baseURL = base
        self.token = token
        self.channel = channel
    }

    /// Posts `approval` with its buttons.
    public func post(_ approval: SlackApprovalMessage.Pending, logger: Logger) async throws(WorkerError) -> Posted {
        var body = SlackApprovalMessage.pending(approval)
        body["channel"] = .string(channel)
        let answer = try await call("chat.postMessage", body, logger: logger)
        return Posted(
            channel: answer["channel"]?.stringValue ?? channel,
            ts: answer["ts"]?.stringValue ?? ""
        )
    }

    /// Replaces the message `posted` with the outcome of `decision` (no buttons left).
    public func update(
        _ posted: Posted,
        decision: ApprovalDecision,
        approval: String,
        logger: Logger
    ) async throws(WorkerError) {
        let text = SlackApprovalMessage.outcomeText(decision, approval: approval)
        _ = try await call(
            "chat.update",
            [
                "channel": .string(posted.channel), "ts": .string(posted.ts), "text": .string(text),
                "blocks": SlackApprovalMessage.outcomeBlocks(text),
            ],
            logger: logger
        )
    }

    func call(_ method: String, _ body: [String: JSONValue], logger: Logger) async throws(WorkerError) -> JSONValue {
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Accept": "application/json"]
        let request = VendorRequest.json(.POST, url: "\(baseURL)/\(method)", body: .object(body), headers: headers)
        return try await http.send(request, logger: logger).json()
    }
}
