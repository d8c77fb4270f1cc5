public import Foundation
public import Logging
public import NIOHTTP1
public import StructuredData

/// A profile of ``VendorSettings`` as the action runtime uses it: the base URL it must set, and its `token`
/// credential, if any.
public struct SettingsProfile: ActionProfile {
    /// The profile as parsed.
    public var vendorProfile: VendorProfile
    /// The API base URL, without a trailing slash.
    public var baseURL: String

    /// The profile name.
    public var name: String { vendorProfile.name }
    /// `token` when the profile has one, else `none`.
    public var authKind: String { vendorProfile.token == nil ? "none" : "token" }
}

/// The transport of vendors with static tokens: the job's profile from ``VendorSettings`` (inline `auth` merged
/// when `ALLOW_INLINE_AUTH` is on), `Authorization: <scheme> <token>`, sent by ``VendorHTTPClient`` and failures
/// mapped by ``VendorErrorMapping`` with the pack's ``ResponseClassifier``.
public struct BearerTokenTransport: ActionTransport {
    /// The settings holding the profiles.
    public var settings: VendorSettings
    /// The client.
    public var http: VendorHTTPClient
    /// Headers every request carries (`Accept`, an API version, …).
    public var headers: HTTPHeaders
    /// The authorization scheme; default `Bearer`.
    public var scheme: String
    /// Turns failures into error codes.
    public var errors: VendorErrorMapping
    /// The wall clock for messages (rate-limit resets).
    public var now: @Sendable () -> Date

    /// A transport.
    /// - Parameters:
    ///   - settings: The settings; share its secret registry with `http`.
    ///   - http: The client; its `vendor` names the vendor in messages.
    ///   - headers: Headers of every request; default `Accept: application/json`.
    ///   - scheme: Default `Bearer`.
    ///   - classifier: The pack's vendor rules.
    ///   - now: Default the system clock.
    public init(
        settings: VendorSettings,
        http: VendorHTTPClient,
        headers: HTTPHeaders = ["Accept": "application/json"],
        scheme: String = "Bearer",
        classifier: ResponseClassifier = .none,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.settings = settings
        self.http = http
        self.headers = headers
        self.scheme = scheme
        self.errors = VendorErrorMapping(vendor: http.vendor, classifier: classifier, secrets: http.secrets)
        self.now = now
    }

    public var vendor: String { http.vendor }

    public func profile(for input: JSONValue) throws(WorkerError) -> SettingsProfile {
        let profile = try settings.resolveProfile(for: input)
        guard let base = profile.baseURL, !base.isEmpty else {
            throw WorkerError(
                code: .unknownProfile,
                message:
                    "The profile \"\(profile.name)\" has no base_url; set it in \(settings.variablePrefix)PROFILES or \(settings.variablePrefix)BASE_URL."
            )
        }
        return SettingsProfile(vendorProfile: profile, baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base)
    }

    public func headers(for profile: SettingsProfile) -> HTTPHeaders {
        http.addingUserAgent(to: headers)
    }

    public func send(
        _ request: VendorRequest,
        profile: SettingsProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        var outgoing = request
        if let token = profile.vendorProfile.token {
            outgoing.headers.replaceOrAdd(name: "Authorization", value: "\(scheme) \(token)")
        }
        return try await errors.send(outgoing, through: http, action: action, logger: logger, now: now())
    }
}
