public import Foundation
public import Logging
public import NIOHTTP1
public import StructuredData
public import WorkerKit

/// A job's destination under its profile: where the request goes and whether it is signed.
public struct WebhooksProfile: ActionProfile {
    /// The profile as parsed.
    public var vendorProfile: VendorProfile
    /// The base the action's path is appended to: the profile's `base_url` for a relative `url`, else the absolute
    /// URL's origin.
    public var baseURL: String
    /// `hmac-sha256` when the profile signs, else `none`.
    public var authKind: String { vendorProfile.credentials["signing_secret"] == nil ? "none" : "hmac-sha256" }
    /// The profile name.
    public var name: String { vendorProfile.name }
}

/// How the webhooks actions reach a destination: the job's `url` resolved against its profile and checked against
/// the allow list before anything is built, and each request signed when it is sent (``WebhookSigner``, the
/// `t=<ts>,v1=<hex>` scheme in the profile's `signature_header`), so the signature is fresh on every retry and never
/// part of a plan.
public struct WebhooksTransport: ActionTransport {
    /// Profiles and lists.
    public var settings: VendorSettings
    /// The client.
    public var http: VendorHTTPClient
    var errors: VendorErrorMapping
    /// The wall clock signatures are made with.
    public var now: @Sendable () -> Date

    /// A transport.
    /// - Parameters:
    ///   - settings: The settings holding the profiles.
    ///   - http: The client.
    ///   - now: The signing clock.
    public init(settings: VendorSettings, http: VendorHTTPClient, now: @escaping @Sendable () -> Date = { Date() }) {
        self.settings = settings
        self.http = http
        self.errors = VendorErrorMapping(vendor: http.vendor, secrets: http.secrets)
        self.now = now
    }

    public var vendor: String { "the webhook destination" }

    public func profile(for input: JSONValue) throws(WorkerError) -> WebhooksProfile {
        let profile = try settings.resolveProfile(for: input)
        guard let url = input["url"]?.stringValue else {
            throw WorkerError(
                code: .invalidInput,
                message: "url is required: an absolute URL or a path under the profile's base_url."
            )
        }
        let destination = try Destination(url: url, profile: profile, prefix: settings.variablePrefix)
        try checkAllowed(destination, profile: profile)
        return WebhooksProfile(vendorProfile: profile, baseURL: destination.base)
    }

    /// Refuses a destination that no profile base or allow list names.
    func checkAllowed(_ destination: Destination, profile: VendorProfile) throws(WorkerError) {
        if destination.isUnderProfileBase {
            // The operator's own subscriber; a deny list still applies.
            if settings.restrictsResource("URLS", profile: profile) {
                let denied = settings.resources["URLS"]?.deny ?? []
                if denied.contains(where: { $0.matches(destination.absolute) }) {
                    throw WorkerError(
                        code: .resourceNotAllowed,
                        message:
                            "The destination \(destination.absolute) is refused by \(settings.variablePrefix)DENIED_URLS."
                    )
                }
            }
            return
        }
        guard settings.restrictsResource("URLS", profile: profile) else {
            throw WorkerError(
                code: .resourceNotAllowed,
                message:
                    "The destination \(destination.absolute) is not under the profile \"\(profile.name)\"'s base_url and \(settings.variablePrefix)ALLOWED_URLS is not set; add the URL (or a pattern such as https://hooks.example.com/*) to it."
            )
        }
        try settings.checkResource("URLS", destination.absolute, profile: profile, noun: "destination URL")
    }

    public func headers(for profile: WebhooksProfile) -> HTTPHeaders {
        http.addingUserAgent(to: ["Accept": "application/json"])
    }

    public func send(
        _ request: VendorRequest,
        profile: WebhooksProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        var outgoing = request
        if let secret = profile.vendorProfile.credentials["signing_secret"] {
            let header =
                profile.vendorProfile.string("signature_header") ?? WebhooksConfiguration.defaultSignatureHeader
            for (name, value) in WebhookSigner(.timestamped(header: header), secret: secret)
                .headers(for: request.body ?? [], at: now())
            {
                outgoing.headers.replaceOrAdd(name: name, value: value)
            }
        }
        var answer = try await errors.send(outgoing, through: http, action: action, logger: logger, now: now())
        // Subscribers often answer 2xx with an empty or plain-text body: that is an acknowledgement.
        let text = String(decoding: answer.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || !(text.hasPrefix("{") || text.hasPrefix("[")) {
            answer.body = Array(#"{"ok":true}"#.utf8)
        }
        return answer
    }
}

/// A job's `url` resolved under its profile.
struct Destination: Sendable, Hashable {
    /// The absolute URL.
    var absolute: String
    /// What the request path is appended to.
    var base: String
    /// Whether the URL lies under the profile's `base_url`.
    var isUnderProfileBase: Bool

    init(url: String, profile: VendorProfile, prefix: String) throws(WorkerError) {
        let profileBase = profile.baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        if url.hasPrefix("/") {
            guard let profileBase, !profileBase.isEmpty else {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "url \(url) is a path, but the profile \"\(profile.name)\" has no base_url; give an absolute URL or set base_url in \(prefix)PROFILES (or \(prefix)BASE_URL)."
                )
            }
            absolute = profileBase + url
            base = profileBase
            isUnderProfileBase = true
            return
        }
        guard let origin = Self.origin(of: url) else {
            throw WorkerError(
                code: .invalidInput,
                message: "url \(url) is not an http(s) URL or a path starting with /."
            )
        }
        absolute = url
        base = origin
        if let profileBase, !profileBase.isEmpty, url.hasPrefix(profileBase) {
            let rest = url.dropFirst(profileBase.count)
            isUnderProfileBase = rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("?")
        } else {
            isUnderProfileBase = false
        }
    }

    /// `scheme://host[:port]` of an http(s) URL.
    static func origin(of url: String) -> String? {
        for scheme in ["https://", "http://"] where url.lowercased().hasPrefix(scheme) {
            let rest = url.dropFirst(scheme.count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            guard !authority.isEmpty, !authority.contains("@") else { return nil }
            return String(url.prefix(scheme.count)) + String(authority)
        }
        return nil
    }

    /// The path (and query) of `url` after its origin, or `url` itself when it is a path.
    static func path(of url: String) -> String {
        guard !url.hasPrefix("/"), let origin = origin(of: url) else { return url }
        let rest = String(url.dropFirst(origin.count))
        return rest.isEmpty ? "/" : rest
    }
}
