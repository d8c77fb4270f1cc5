public import Foundation
import StructuredData

/// The credential kinds a profile selects with `auth`, and the fields each reads. Without `auth` the kind follows
/// from the fields that are set, in this order: `service_account_json`, `refresh_token`,
/// `assertion_certificate_pem` or `assertion_certificate_file`, `client_secret`, `api_key`, `password`, `token`, else
/// none.
///
/// | `auth` | fields (credentials in bold) | sent as |
/// | --- | --- | --- |
/// | `bearer` | **`token`**, `token_scheme` (`Bearer`, `token`, or any other scheme) | `Authorization: <scheme> <token>` |
/// | `basic` | `username`, **`password`** | `Authorization: Basic …` (RFC 7617) |
/// | `api_key` | **`api_key`**, `api_key_header`, `api_key_prefix`, **`application_key`**, `application_key_header` | `<api_key_header>: <prefix><api_key>` and the application key's header |
/// | `oauth_client_credentials` | `token_url`, `client_id`, **`client_secret`**, `scope`, `client_auth` (`basic` or `body`) | `Authorization: Bearer <access token>` |
/// | `oauth_refresh_token` | `token_url`, `client_id`, **`client_secret`** (optional), **`refresh_token`**, `scope`, `client_auth` | `Authorization: Bearer <access token>` |
/// | `oauth_password` | `token_url`, `client_id`, **`client_secret`** (optional), `username`, **`password`**, `scope`, `client_auth` | `Authorization: Bearer <access token>` |
/// | `oauth_client_certificate` | `token_url`, `client_id`, **`assertion_certificate_pem`** or `assertion_certificate_file`, **`assertion_key_pem`** or `assertion_key_file` (unless the certificate's PEM holds the key), `assertion_thumbprint` (`x5t` or `x5t#S256`), `assertion_algorithm` (`RS256`, `PS256`, `ES256`), `scope` | `Authorization: Bearer <access token>` |
/// | `jwt_bearer` | **`service_account_json`** (the key file's content), `scope`, `subject` | `Authorization: Bearer <access token>` |
/// | `none` | | nothing |
///
/// `oauth_password` is never inferred (its fields are basic auth's plus a client): name it with `auth`.
///
/// `scope` is a space- or comma-separated string or a list. A `token_url` starting with `/` is resolved against
/// `base_url`.
public enum CredentialKind: String, Sendable, CaseIterable {
    /// A token in `Authorization` (``StaticTokenProvider``, or ``APIKeyProvider`` for another scheme).
    case bearer
    /// HTTP Basic (``StaticTokenProvider/Scheme/basic(username:)``).
    case basic
    /// Keys in headers of the vendor's own (``APIKeyProvider``).
    case apiKey = "api_key"
    /// ``OAuthClientCredentials``.
    case oauthClientCredentials = "oauth_client_credentials"
    /// ``OAuthRefreshToken``.
    case oauthRefreshToken = "oauth_refresh_token"
    /// ``OAuthPasswordGrant`` (then its refresh tokens).
    case oauthPassword = "oauth_password"
    /// ``OAuthClientAssertion`` with a ``ClientAssertionCertificate``.
    case oauthClientCertificate = "oauth_client_certificate"
    /// ``OAuthJWTBearer`` with a ``ServiceAccountKey``.
    case jwtBearer = "jwt_bearer"
    /// No credential.
    case none

    /// Every field the kinds and ``ProfileTLS`` read, as ``ProfileField``s (credentials marked secret), for a
    /// pack's `profileFields`, so that without `PROFILES` the single profile reads them from
    /// `CORDUM_<PACK>_<FIELD>` too.
    public static let profileFields: [ProfileField] =
        [
            "auth", "token_scheme", "username", "api_key_header", "api_key_prefix", "application_key_header",
            "token_url",
            "client_id", "scope", "client_auth", "subject", "ca_file", "ca_pem", "client_cert_file", "client_cert_pem",
            "client_key_file", "assertion_certificate_file", "assertion_key_file", "assertion_thumbprint",
            "assertion_algorithm",
        ].map { ProfileField($0) }
        + [
            "password", "api_key", "application_key", "client_secret", "refresh_token", "service_account_json",
            "client_key_pem", "assertion_certificate_pem", "assertion_key_pem",
        ].map { ProfileField($0, isSecret: true) }
}

extension VendorProfile {
    /// The credential kind: `auth` when set, else inferred from the fields (``CredentialKind``).
    /// - Throws: ``CredentialError`` `credential.conflicting_fields` for an `auth` that is no kind.
    public func credentialKind() throws(CredentialError) -> CredentialKind {
        if let auth = field("auth") {
            guard let kind = CredentialKind(rawValue: auth.lowercased()) else {
                let kinds = CredentialKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw CredentialError(
                    code: .conflictingFields,
                    field: "auth",
                    problem: "is \"\(auth.prefix(40))\", which is not a credential kind; use one of \(kinds)."
                )
            }
            return kind
        }
        if field("service_account_json") != nil { return .jwtBearer }
        if field("refresh_token") != nil { return .oauthRefreshToken }
        if field("assertion_certificate_pem") != nil || field("assertion_certificate_file") != nil {
            return .oauthClientCertificate
        }
        if field("client_secret") != nil { return .oauthClientCredentials }
        if field("api_key") != nil { return .apiKey }
        if field("password") != nil { return .basic }
        if field("token") != nil { return .bearer }
        return .none
    }

    /// The provider of this profile's credential, or `nil` for `none`.
    /// - Parameters:
    ///   - defaults: The pack's defaults (header names, token scheme, token URL).
    ///   - http: The client token exchanges go through (the profile's TLS client when it has its own trust).
    ///   - tokens: The worker's token cache; shared by every profile, keyed by credential identity.
    ///   - now: Default the system clock.
    ///   - readFile: Reads a file a `…_file` field names; default the file system.
    /// - Throws: ``CredentialError`` naming the field that is missing or invalid; never a credential's value.
    public func credentialProvider(
        defaults: CredentialDefaults = CredentialDefaults(),
        http: VendorHTTPClient,
        tokens: ExchangedTokenCache,
        now: @escaping @Sendable () -> Date = { Date() },
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(CredentialError) -> (any CredentialProvider)? {
        switch try credentialKind() {
        case .none:
            return nil
        case .bearer:
            let token = try required("token", for: .bearer)
            let scheme = field("token_scheme") ?? defaults.tokenScheme
            switch scheme.lowercased() {
            case "bearer": return try StaticTokenProvider(token, scheme: .bearer)
            case "token": return try StaticTokenProvider(token, scheme: .token)
            default:
                return try APIKeyProvider([
                    .init(name: "Authorization", prefix: scheme + " ", value: token, field: "token")
                ])
            }
        case .basic:
            let username = try required("username", for: .basic)
            return try StaticTokenProvider(
                try required("password", for: .basic),
                scheme: .basic(username: username),
                field: "password"
            )
        case .apiKey:
            var headers = [
                APIKeyProvider.Header(
                    name: field("api_key_header") ?? defaults.apiKeyHeader,
                    prefix: field("api_key_prefix") ?? defaults.apiKeyPrefix,
                    value: try required("api_key", for: .apiKey),
                    field: "api_key"
                )
            ]
            if let applicationKey = field("application_key") {
                guard let header = field("application_key_header") ?? defaults.applicationKeyHeader else {
                    throw CredentialError(
                        code: .missingField,
                        field: "application_key_header",
                        problem: "is not set; name the header application_key is sent in (DD-APPLICATION-KEY)."
                    )
                }
                headers.append(.init(name: header, value: applicationKey, field: "application_key"))
            }
            return try APIKeyProvider(headers)
        case .oauthClientCredentials:
            let grant = OAuthClientCredentials(
                tokenURL: try tokenURL(defaults, for: .oauthClientCredentials),
                clientID: try required("client_id", for: .oauthClientCredentials),
                clientSecret: try required("client_secret", for: .oauthClientCredentials),
                scopes: scopes,
                authentication: try clientAuthentication(default: .basic)
            )
            return grant.provider(http: http, cache: tokens, now: now)
        case .oauthRefreshToken:
            let grant = OAuthRefreshToken(
                tokenURL: try tokenURL(defaults, for: .oauthRefreshToken),
                clientID: try required("client_id", for: .oauthRefreshToken),
                clientSecret: field("client_secret"),
                refreshToken: try required("refresh_token", for: .oauthRefreshToken),
                scopes: scopes,
                authentication: try clientAuthentication(default: .body)
            )
            return grant.provider(http: http, cache: tokens, now: now)
        case .oauthPassword:
            let grant = OAuthPasswordGrant(
                tokenURL: try tokenURL(defaults, for: .oauthPassword),
                clientID: try required("client_id", for: .oauthPassword),
                clientSecret: field("client_secret"),
                username: try required("username", for: .oauthPassword),
                password: try required("password", for: .oauthPassword),
                scopes: scopes,
                authentication: try clientAuthentication(default: .body)
            )
            return grant.provider(http: http, cache: tokens, now: now)
        case .oauthClientCertificate:
            return try clientAssertion(defaults, secrets: http.secrets, now: now(), readFile: readFile).provider(
                http: http,
                cache: tokens,
                now: now
            )
        case .jwtBearer:
            let key = try ServiceAccountKey(
                json: try required("service_account_json", for: .jwtBearer),
                secrets: http.secrets
            )
            return OAuthJWTBearer(key: key, scopes: scopes, subject: field("subject")).provider(
                http: http,
                cache: tokens,
                now: now
            )
        }
    }

    /// The profile's own TLS settings (``ProfileTLS``), or `nil` when it sets none (the system roots, no client
    /// certificate).
    /// - Parameters:
    ///   - secrets: When given, the client key read from `client_key_file` is registered in it.
    ///   - readFile: Reads a file a `…_file` field names; default the file system.
    /// - Throws: ``CredentialError`` naming the field: both `…_file` and `…_pem` set, a file that cannot be read,
    ///   PEM that does not parse.
    public func tls(
        secrets: SecretRegistry? = nil,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(CredentialError) -> ProfileTLS? {
        let ca = try pem("ca", readFile: readFile)
        let certificate = try pem("client_cert", readFile: readFile)
        let key = try pem("client_key", readFile: readFile)
        if let key {
            secrets?.register(key.pem)
            secrets?.register(ProfileTLS.unescaped(key.pem))
        }
        guard ca != nil || certificate != nil || key != nil else { return nil }
        return try ProfileTLS(
            caPEM: ca,
            clientCertificatePEM: certificate.map { ($0.pem, $0.field) },
            clientKeyPEM: key.map { ($0.pem, $0.field) }
        )
    }

    /// The client assertion grant of an `oauth_client_certificate` profile, its certificate checked at `now`.
    /// - Parameters:
    ///   - defaults: The pack's defaults (the token URL).
    ///   - secrets: The key (and a certificate PEM holding it) is registered in it.
    ///   - now: The time the certificate must be valid at.
    ///   - readFile: Reads the `…_file` fields.
    /// - Throws: ``CredentialError`` naming the field: a missing certificate or key, both `…_file` and `…_pem`, a key
    ///   not of the certificate, an expired certificate, an unknown thumbprint or algorithm.
    public func clientAssertion(
        _ defaults: CredentialDefaults = CredentialDefaults(),
        secrets: SecretRegistry? = nil,
        now: Date = Date(),
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(CredentialError) -> OAuthClientAssertion {
        let kind = CredentialKind.oauthClientCertificate
        let tokenURL = try tokenURL(defaults, for: kind)
        let clientID = try required("client_id", for: kind)
        guard let certificate = try pem("assertion_certificate", readFile: readFile) else {
            throw CredentialError(
                code: .missingField,
                field: "assertion_certificate_pem",
                problem:
                    "is not set; the credential kind \(kind.rawValue) needs the app's certificate (set assertion_certificate_pem, assertion_certificate_pem_env or assertion_certificate_file)."
            )
        }
        let key = try pem("assertion_key", readFile: readFile)
        let thumbprint: ClientAssertionCertificate.Thumbprint
        switch field("assertion_thumbprint")?.lowercased() {
        case nil, "x5t", "sha1", "sha-1": thumbprint = .sha1
        case "x5t#s256", "sha256", "sha-256": thumbprint = .sha256
        case let other?:
            throw CredentialError(
                code: .conflictingFields,
                field: "assertion_thumbprint",
                problem: "is \"\(other.prefix(40))\"; use x5t (SHA-1, the default) or x5t#S256 (SHA-256)."
            )
        }
        let algorithm: JWTSigningKey.Algorithm?
        if let name = field("assertion_algorithm") {
            guard let named = JWTSigningKey.Algorithm(rawValue: name.uppercased()) else {
                let valid = JWTSigningKey.Algorithm.allCases.map(\.rawValue).joined(separator: ", ")
                throw CredentialError(
                    code: .conflictingFields,
                    field: "assertion_algorithm",
                    problem: "is \"\(name.prefix(40))\"; use one of \(valid), or leave it unset to follow the key."
                )
            }
            algorithm = named
        } else {
            algorithm = nil
        }
        return OAuthClientAssertion(
            tokenURL: tokenURL,
            clientID: clientID,
            certificate: try ClientAssertionCertificate(
                certificatePEM: certificate.pem,
                keyPEM: key?.pem,
                certificateField: certificate.field,
                keyField: key?.field ?? "assertion_key_pem",
                algorithm: algorithm,
                now: now,
                secrets: secrets
            ),
            thumbprint: thumbprint,
            scopes: scopes
        )
    }

    /// A field's text: a credential, else a string setting; blank counts as unset.
    func field(_ name: String) -> String? {
        let value = credentials[name] ?? settings[name]?.stringValue
        guard let value, !value.trimmingBlanks().isEmpty else { return nil }
        return value
    }

    private func required(_ name: String, for kind: CredentialKind) throws(CredentialError) -> String {
        guard let value = field(name) else {
            throw CredentialError(
                code: .missingField,
                field: name,
                problem: "is not set; the credential kind \(kind.rawValue) needs it (set \(name) or \(name)_env)."
            )
        }
        return value
    }

    private var scopes: [String] {
        switch settings["scope"] ?? settings["scopes"] {
        case .string(let text):
            text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        case .array(let items): items.compactMap(\.stringValue).filter { !$0.isEmpty }
        default: []
        }
    }

    private func tokenURL(_ defaults: CredentialDefaults, for kind: CredentialKind) throws(CredentialError) -> String {
        guard let url = field("token_url") ?? defaults.tokenURL else {
            return try required("token_url", for: kind)
        }
        guard url.hasPrefix("/") else { return url }
        guard let base = baseURL, !base.isEmpty else {
            throw CredentialError(
                code: .missingField,
                field: "token_url",
                problem: "is the path \"\(url)\", which needs base_url to resolve against; set base_url or a full URL."
            )
        }
        return (base.hasSuffix("/") ? String(base.dropLast()) : base) + url
    }

    private func clientAuthentication(
        default value: OAuthClientCredentials.ClientAuthentication
    ) throws(CredentialError) -> OAuthClientCredentials.ClientAuthentication {
        switch field("client_auth")?.lowercased() {
        case nil: return value
        case "basic", "client_secret_basic": return .basic
        case "body", "post", "client_secret_post": return .body
        case let other?:
            throw CredentialError(
                code: .conflictingFields,
                field: "client_auth",
                problem: "is \"\(other.prefix(40))\"; use basic (client_secret_basic) or body (client_secret_post)."
            )
        }
    }

    private func pem(
        _ prefix: String,
        readFile: (String) throws -> String
    ) throws(CredentialError) -> (pem: String, field: String, source: String)? {
        let fileField = prefix + "_file"
        let pemField = prefix + "_pem"
        switch (field(fileField), field(pemField)) {
        case (nil, nil): return nil
        case (_?, _?):
            throw CredentialError(
                code: .conflictingFields,
                field: fileField,
                problem: "and \(pemField) are both set; give one of them."
            )
        case (nil, let pem?): return (pem, pemField, pemField)
        case (let path?, nil):
            do {
                return (try readFile(path), fileField, "\(fileField) \"\(path)\"")
            } catch {
                throw CredentialError(
                    code: .unreadableFile,
                    field: fileField,
                    problem: "names \"\(path)\", which cannot be read; give a readable PEM file."
                )
            }
        }
    }
}
