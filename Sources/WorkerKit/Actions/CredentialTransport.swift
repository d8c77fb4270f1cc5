public import Foundation
public import Logging
public import NIOHTTP1
public import StructuredData

/// The transport of vendors whose profiles pick their credential kind (``CredentialKind``): bearer and custom
/// token schemes, HTTP Basic, API-key headers, OAuth client credentials, refresh tokens and JWT-bearer grants, and
/// per-profile TLS (a CA bundle, a client certificate). Exchanged tokens are cached by credential identity in one
/// ``ExchangedTokenCache``; each TLS identity gets its own HTTP client from ``TLSClientCache``.
///
/// On a 401 it renews the credential and sends once more, only when the credential may be renewed (an exchanged
/// token: the cached one is forgotten first); a second 401 is `unauthorized`, and a fixed credential (a token,
/// a password, API keys) is never retried (``CredentialRetry``).
///
/// ```swift
/// let transport = try CredentialTransport(
///     settings: settings, http: http,
///     credentials: CredentialDefaults(apiKeyHeader: "DD-API-KEY", applicationKeyHeader: "DD-APPLICATION-KEY"))
/// ```
public struct CredentialTransport: ActionTransport {
    /// The settings holding the profiles.
    public var settings: VendorSettings
    /// The client; profiles with TLS settings use a copy with their own AsyncHTTPClient.
    public var http: VendorHTTPClient
    /// Headers every request carries (`Accept`, an API version, …).
    public var headers: HTTPHeaders
    /// The pack's credential defaults.
    public var credentials: CredentialDefaults
    /// Exchanged tokens (and rotated refresh tokens) by credential identity.
    public var tokens: ExchangedTokenCache
    /// HTTP clients by TLS identity.
    public var tlsClients: TLSClientCache
    /// Turns failures into error codes.
    public var errors: VendorErrorMapping
    /// The wall clock (token expiry, messages).
    public var now: @Sendable () -> Date
    private var configured: [String: CredentialProfile] = [:]

    /// A transport; every configured profile's credential and TLS settings are read now, so a missing field or a
    /// bad PEM fails at start-up.
    /// - Parameters:
    ///   - settings: The settings; share its secret registry with `http`.
    ///   - http: The client; its `vendor` names the vendor in messages.
    ///   - headers: Headers of every request; default `Accept: application/json`.
    ///   - credentials: The pack's credential defaults.
    ///   - tokens: Default a new cache.
    ///   - tlsClients: Default ``TLSClientCache/shared``.
    ///   - classifier: The pack's vendor rules.
    ///   - readFile: Reads the files `ca_file`, `client_cert_file` and `client_key_file` name.
    ///   - now: Default the system clock.
    /// - Throws: ``ConfigurationError`` `config.invalid_value` naming the `PROFILES` variable, the profile and the
    ///   field at fault.
    public init(
        settings: VendorSettings,
        http: VendorHTTPClient,
        headers: HTTPHeaders = ["Accept": "application/json"],
        credentials: CredentialDefaults = CredentialDefaults(),
        tokens: ExchangedTokenCache = ExchangedTokenCache(),
        tlsClients: TLSClientCache = .shared,
        classifier: ResponseClassifier = .none,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) },
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws(ConfigurationError) {
        self.settings = settings
        self.http = http
        self.headers = headers
        self.credentials = credentials
        self.tokens = tokens
        self.tlsClients = tlsClients
        self.errors = VendorErrorMapping(vendor: http.vendor, classifier: classifier, secrets: http.secrets)
        self.now = now
        for profile in settings.profiles.values.sorted(by: { $0.name < $1.name }) {
            do {
                configured[profile.name] = try build(profile, readFile: readFile)
            } catch {
                let variable = settings.variablePrefix + "PROFILES"
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: variable,
                    message: settings.secrets.scrub("\(variable) profile \"\(profile.name)\": \(error.message)")
                )
            }
        }
    }

    public var vendor: String { http.vendor }

    /// Fields a job's inline `auth` may not set: the token URL, the TLS settings and the files of a client assertion
    /// certificate (a job must not make the worker read its files).
    static let configuredOnly = ["token_url", "assertion_certificate_file", "assertion_key_file"] + ProfileTLS.fields

    /// The job's profile: a configured one as read at start-up; with inline `auth` (when `ALLOW_INLINE_AUTH` is on)
    /// the profile with the job's credentials merged, read now. Inline `auth` may not set `token_url` or a TLS field
    /// (`invalid_input`): where credentials go and which certificates are trusted stay the operator's.
    public func profile(for input: JSONValue) throws(WorkerError) -> CredentialProfile {
        let profile = try settings.resolveProfile(for: input)
        let inline = input["auth"].map { $0 != .null } ?? false
        if !inline, let configured = configured[profile.name] { return configured }
        if inline, let auth = input["auth"]?.objectValue,
            let field = Self.configuredOnly.first(where: { auth[$0] != nil || auth[$0 + "_env"] != nil })
        {
            // Where credentials are sent and whom the worker trusts stay the operator's: a job's token_url could
            // receive a configured client secret, its ca_file or client_key_file could read the worker's files.
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job's auth sets \(field), which only the configured profile may set; a job may carry credentials, not where they are sent or which TLS trust applies."
            )
        }
        do {
            return try build(profile, readFile: { try String(contentsOfFile: $0, encoding: .utf8) })
        } catch {
            throw WorkerError(
                code: inline ? .invalidInput : .unknownProfile,
                message: settings.secrets.scrub("The profile \"\(profile.name)\": \(error.message)")
            )
        }
    }

    public func headers(for profile: CredentialProfile) -> HTTPHeaders {
        http.addingUserAgent(to: headers)
    }

    public func send(
        _ request: VendorRequest,
        profile: CredentialProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        let http = profile.http
        do {
            let response = try await CredentialRetry.send(
                request,
                credential: profile.credential,
                vendor: vendor,
                logger: logger
            ) { (outgoing, _) async throws(VendorCallFailure) -> VendorResponse in
                try await http.call(outgoing, logger: logger)
            }
            return ActionAnswer(response)
        } catch {
            throw self.error(error, request: request, profile: profile, action: action)
        }
    }

    /// The error of a failed send: TLS failures name the profile and its CA source; a 401 after a renewal says so.
    private func error(
        _ failure: CredentialRetry.Failure,
        request: VendorRequest,
        profile: CredentialProfile,
        action: String
    ) -> WorkerError {
        let what = "\(request.method.rawValue) \(HeaderRedaction.redacted(url: request.url, secrets: http.secrets))"
        switch failure {
        case .credential(let error):
            var error = error
            error.message = http.secrets.scrub(error.message)
            return error
        case .call(let failure, let renewed):
            if let tls = profile.tls, failure.response == nil, failure.error.code == .unavailable,
                Self.isTLSFailure(failure.error.message)
            {
                return Self.handshakeError(failure.error, tls: tls, profile: profile.name, vendor: vendor, what: what)
            }
            var error = errors.error(failure, action: action, what: what, now: now())
            if renewed, failure.response?.status == 401 {
                error.message =
                    "\(vendor) refused the renewed \(profile.authKind) credential of profile \"\(profile.name)\" too, so it is not retried again; check the credential. "
                    + error.message
            }
            return error
        }
    }

    private func build(
        _ profile: VendorProfile,
        readFile: (String) throws -> String
    ) throws(CredentialError) -> CredentialProfile {
        let tls = try profile.tls(secrets: http.secrets, readFile: readFile)
        var client = http
        if let tls { client.httpClient = tlsClients.client(for: tls) }
        let credential = try profile.credentialProvider(
            defaults: credentials,
            http: client,
            tokens: tokens,
            now: now,
            readFile: readFile
        )
        let base = profile.baseURL ?? ""
        return CredentialProfile(
            vendorProfile: profile,
            baseURL: base.hasSuffix("/") ? String(base.dropLast()) : base,
            credential: credential,
            tls: tls,
            http: client
        )
    }
}
