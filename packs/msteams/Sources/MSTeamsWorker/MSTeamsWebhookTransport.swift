import Foundation
public import Logging
public import NIOHTTP1
public import StructuredData
public import WorkerKit

/// A profile of `webhook.post`: the Workflows (or incoming) webhook URL is the base of the request and the
/// credential.
public struct MSTeamsWebhookProfile: ActionProfile {
    /// The profile as parsed.
    public var vendorProfile: VendorProfile
    /// The webhook URL.
    public var baseURL: String
    /// The profile name.
    public var name: String { vendorProfile.name }
    /// `webhook`: the URL is the credential.
    public var authKind: String { "webhook" }
}

/// How `webhook.post` reaches the profile's webhook: no `Authorization` (the URL, with its `sig` parameter, is the
/// credential); a Workflows webhook answers `202 Accepted` with no body and a classic incoming webhook `200 1`, both
/// the result `{"ok": true}`; failures go through the shared status mapping.
public struct MSTeamsWebhookTransport: ActionTransport {
    /// Profiles and lists.
    public var settings: VendorSettings
    /// The client.
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

    public var vendor: String { "Microsoft Teams" }

    public func profile(for input: JSONValue) throws(WorkerError) -> MSTeamsWebhookProfile {
        let profile = try settings.resolveProfile(for: input)
        guard let url = profile.string("webhook_url"), url.hasPrefix("https://") || url.hasPrefix("http://")
        else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The profile \"\(profile.name)\" has no Teams webhook; set webhook_url_env in its entry of \(settings.variablePrefix)PROFILES (or \(settings.variablePrefix)WEBHOOK_URL_ENV)."
            )
        }
        return MSTeamsWebhookProfile(vendorProfile: profile, baseURL: url)
    }

    public func headers(for profile: MSTeamsWebhookProfile) -> HTTPHeaders {
        http.addingUserAgent(to: [:])
    }

    public func send(
        _ request: VendorRequest,
        profile: MSTeamsWebhookProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        do {
            var answer = ActionAnswer(try await http.call(request, logger: logger))
            let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text == "1" { answer.body = Array(#"{"ok":true}"#.utf8) }
            return answer
        } catch {
            throw errors.error(error, action: action, what: "POST the profile's Teams webhook", now: Date())
        }
    }
}
