import Foundation
public import Logging
public import NIOHTTP1
import StructuredData
public import WorkerKit

/// Sends GitHub REST requests for a profile: GitHub's headers, the profile's credentials (installation tokens for
/// Apps, exchanged and cached), conditional GETs from the ETag cache, one token refresh on a 401, and errors mapped
/// to the pack's codes. Retries, `Retry-After`, rate-limit waits, timeouts and redaction come from WorkerKit's
/// ``VendorHTTPClient``.
public struct GitHubClient: Sendable {
    /// The HTTP client (retry policy, timeout, clock, secrets).
    public var http: VendorHTTPClient
    /// Installation tokens by profile.
    public var tokens: InstallationTokenCache
    /// Conditional-request cache.
    public var etags: ETagCache
    /// The wall clock (JWT claims, token expiry, rate-limit messages).
    public var clock: GitHubClock
    /// `User-Agent`.
    public var userAgent: String

    /// A client.
    /// - Parameters:
    ///   - http: The HTTP client; its secret registry should be the worker's.
    ///   - tokens: Default a new cache.
    ///   - etags: Default a new cache of 500 entries.
    ///   - clock: Default the system clock.
    ///   - userAgent: Default `cordum-github/0.2.0`.
    public init(
        http: VendorHTTPClient,
        tokens: InstallationTokenCache = InstallationTokenCache(),
        etags: ETagCache = ETagCache(capacity: 500),
        clock: GitHubClock = .system,
        userAgent: String = GitHubConfiguration.defaultUserAgent
    ) {
        self.http = http
        self.tokens = tokens
        self.etags = etags
        self.clock = clock
        self.userAgent = userAgent
    }

    /// The secrets scrubbed from everything.
    public var secrets: SecretRegistry { http.secrets }

    /// The headers every request of `profile` carries, credentials excluded.
    public func baseHeaders(for profile: GitHubProfile) -> HTTPHeaders {
        [
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": profile.apiVersion,
            "User-Agent": userAgent,
        ]
    }

    /// Sends `request` (built by the action runtime) with `profile`'s credentials.
    /// - Parameters:
    ///   - request: The request, without `Authorization`.
    ///   - profile: The profile.
    ///   - action: The action, for error codes and messages.
    ///   - logger: The job's logger.
    /// - Returns: The answer; after a 304 the cached body.
    /// - Throws: ``WorkerError`` with a shared code, `github_head_changed`/`github_not_mergeable`, or `cancelled`.
    public func send(
        _ request: VendorRequest,
        profile: GitHubProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> GitHubAnswer {
        var refreshed = false
        while true {
            var outgoing = request
            let credential = try await authorization(for: profile, logger: logger)
            if let credential { outgoing.headers.replaceOrAdd(name: "Authorization", value: credential.header) }
            let cacheKey =
                request.method == .GET ? ETagCache.key(profile: profile.cacheIdentity, url: request.url) : nil
            let cached = cacheKey.flatMap { etags.entry($0) }
            if let cached { outgoing.headers.replaceOrAdd(name: "If-None-Match", value: cached.etag) }
            do {
                let response = try await http.call(outgoing, logger: logger)
                let requestID = response.headers.first(name: "x-github-request-id") ?? response.requestID
                if response.status == 304, let cached {
                    return GitHubAnswer(
                        status: 304,
                        headers: response.headers,
                        body: cached.body,
                        requestID: requestID,
                        fromCache: true,
                        nextLink: cached.link
                    )
                }
                let link = response.nextLink
                if let cacheKey, response.status == 200, let etag = response.headers.first(name: "etag") {
                    etags.store(cacheKey, etag: etag, body: response.body, link: link)
                }
                return GitHubAnswer(
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                    requestID: requestID,
                    fromCache: false,
                    nextLink: link
                )
            } catch {
                if error.response?.status == 401, !refreshed, let credential, let token = credential.installationToken {
                    // The installation token was revoked or expired early: exchange a new one, once.
                    await tokens.invalidate(profile: profile.name, ifValue: token)
                    refreshed = true
                    logger.notice("GitHub refused the installation token; exchanging a new one")
                    continue
                }
                throw GitHubErrorMapping.error(
                    error,
                    action: action,
                    what: "\(request.method.rawValue) \(HeaderRedaction.redacted(url: request.url, secrets: secrets))",
                    now: clock.now(),
                    secrets: secrets
                )
            }
        }
    }

    /// A credential: the header value, and the installation token when it is one.
    struct Credential {
        var header: String
        var installationToken: String?
    }

    /// The `Authorization` value for `profile`; for Apps an installation token, exchanged when none is cached.
    func authorization(for profile: GitHubProfile, logger: Logger) async throws(WorkerError) -> Credential? {
        switch profile.authentication {
        case .anonymous: return nil
        case .token(let token, let scheme): return Credential(header: "\(scheme) \(token)")
        case .app(let app):
            let token: InstallationTokenCache.Token
            do {
                token = try await tokens.token(for: profile.name, now: clock.now()) {
                    try await exchange(app, profile: profile, logger: logger)
                }
            } catch let error as WorkerError {
                throw error
            } catch {
                throw WorkerError(code: .vendorError, message: "The installation token exchange failed: \(error).")
            }
            return Credential(header: "Bearer \(token.value)", installationToken: token.value)
        }
    }

    /// Exchanges a fresh App JWT for an installation token
    /// (`POST {base_url}/app/installations/{id}/access_tokens`).
    /// - Throws: ``WorkerError`` `unauthorized` (JWT refused), `not_found` (no such installation), …
    public func exchange(
        _ app: GitHubAppCredentials,
        profile: GitHubProfile,
        logger: Logger
    ) async throws(WorkerError) -> InstallationTokenCache.Token {
        let now = clock.now()
        let jwt = try GitHubAppJWT.make(appID: app.appID, privateKey: app.privateKey, now: now)
        secrets.register(jwt)
        let path = "/app/installations/\(URLEncoding.component(app.installationID))/access_tokens"
        var request = VendorRequest(method: .POST, url: profile.baseURL + path, headers: baseHeaders(for: profile))
        request.headers.replaceOrAdd(name: "Authorization", value: "Bearer \(jwt)")
        request.isIdempotent = true
        let response: VendorResponse
        do {
            response = try await http.call(request, logger: logger)
        } catch {
            var mapped = GitHubErrorMapping.error(
                error,
                action: "app.installation_token",
                what: "POST \(path) for profile \(profile.name)",
                now: now,
                secrets: secrets
            )
            if mapped.code == .unauthorized || mapped.code == .notFound {
                mapped.message +=
                    " GitHub refused the App credentials of profile \"\(profile.name)\": check app_id \(app.appID), app_installation_id \(app.installationID) and that app_private_key belongs to the App."
            }
            throw mapped
        }
        let body = try? response.json()
        guard let token = body?["token"]?.stringValue, !token.isEmpty else {
            throw WorkerError(
                code: .vendorError,
                message: "GitHub's installation token answer for profile \"\(profile.name)\" has no token."
            )
        }
        secrets.register(token)
        let formatter = ISO8601DateFormatter()
        let expiresAt =
            body?["expires_at"]?.stringValue.flatMap { formatter.date(from: $0) } ?? now.addingTimeInterval(3600)
        logger.debug("GitHub App installation token obtained", metadata: ["profile": "\(profile.name)"])
        return InstallationTokenCache.Token(value: token, expiresAt: expiresAt)
    }
}
