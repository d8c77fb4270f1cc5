import Foundation
public import Logging
public import NIOHTTP1
public import StructuredData
public import WorkerKit

/// A profile of the slack worker: the Web API base URL (`https://slack.com/api` unless the profile says
/// otherwise) and the bot token.
public struct SlackProfile: ActionProfile {
    /// The profile as parsed.
    public var vendorProfile: VendorProfile
    /// Where requests go, without a trailing slash: the Web API, or the incoming webhook for `webhook.post`.
    public var baseURL: String

    /// The profile name.
    public var name: String { vendorProfile.name }
    /// `token` (a bot token sent as `Authorization: Bearer`), `webhook` (the URL is the credential) or `none`.
    public var authKind: String
}

/// How the action runtime reaches Slack's Web API: the job's profile, `Authorization: Bearer <bot token>`, and
/// WorkerKit's client whose ``AnswerClassifier`` turns `200 {"ok": false, "error": …}` into the shared codes
/// (``SlackWorker/errorCodes``).
public struct SlackTransport: ActionTransport {
    /// Profiles and lists.
    public var settings: VendorSettings
    /// The client.
    public var http: VendorHTTPClient
    /// Turns failed statuses into error codes.
    var errors: VendorErrorMapping

    /// A transport.
    /// - Parameters:
    ///   - settings: The settings holding the profiles.
    ///   - http: The client (``SlackWorker/makeClient(settings:retryClock:)``).
    public init(settings: VendorSettings, http: VendorHTTPClient) {
        self.settings = settings
        self.http = http
        self.errors = VendorErrorMapping(vendor: http.vendor, secrets: http.secrets)
    }

    public var vendor: String { "Slack" }

    public func profile(for input: JSONValue) throws(WorkerError) -> SlackProfile {
        let profile = try settings.resolveProfile(for: input)
        var base = profile.baseURL ?? SlackConfiguration.defaultBaseURL
        if base.hasSuffix("/") { base.removeLast() }
        return SlackProfile(vendorProfile: profile, baseURL: base, authKind: profile.token == nil ? "none" : "token")
    }

    public func headers(for profile: SlackProfile) -> HTTPHeaders {
        http.addingUserAgent(to: ["Accept": "application/json"])
    }

    public func send(
        _ request: VendorRequest,
        profile: SlackProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        var outgoing = request
        if let token = profile.vendorProfile.token {
            outgoing.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(token)")
        }
        return try await errors.send(outgoing, through: http, action: action, logger: logger)
    }
}

/// How `webhook.post` reaches the profile's incoming webhook: the URL itself is the credential (no
/// `Authorization`), and Slack answers `200 ok` as plain text, which becomes the result `{"ok": true}`; failures
/// are plain-text codes (`invalid_payload`, `no_service`, `channel_is_archived`, …) with 400, 403, 404 or 410.
public struct SlackWebhookTransport: ActionTransport {
    /// Profiles and lists.
    public var settings: VendorSettings
    /// The client (no answer classifier: webhooks answer text).
    public var http: VendorHTTPClient
    var errors: VendorErrorMapping

    /// A transport.
    /// - Parameters:
    ///   - settings: The settings holding the profiles.
    ///   - http: The client.
    public init(settings: VendorSettings, http: VendorHTTPClient) {
        self.settings = settings
        self.http = http
        self.errors = VendorErrorMapping(vendor: http.vendor, secrets: http.secrets)
    }

    public var vendor: String { "Slack" }

    public func profile(for input: JSONValue) throws(WorkerError) -> SlackProfile {
        let profile = try settings.resolveProfile(for: input)
        guard let url = profile.string("webhook_url") else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The profile \"\(profile.name)\" has no incoming webhook; set webhook_url_env in its entry of \(settings.variablePrefix)PROFILES (or \(settings.variablePrefix)WEBHOOK_URL_ENV)."
            )
        }
        return SlackProfile(vendorProfile: profile, baseURL: url, authKind: "webhook")
    }

    public func headers(for profile: SlackProfile) -> HTTPHeaders {
        http.addingUserAgent(to: [:])
    }

    public func send(
        _ request: VendorRequest,
        profile: SlackProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        do {
            var answer = ActionAnswer(try await http.call(request, logger: logger))
            let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text == "ok" || text.isEmpty { answer.body = Array(#"{"ok":true}"#.utf8) }
            return answer
        } catch {
            throw errors.error(error, action: action, what: "POST the profile's incoming webhook", now: Date())
        }
    }
}
