import Foundation
public import Logging
import NIOHTTP1
import StructuredData
public import WorkerKit

extension GitHubClient {
    /// The credentials of `profile`: none, its token, or its App installation's tokens (exchanged, and cached in
    /// ``tokens`` by the installation's identity).
    /// - Throws: ``WorkerError`` `unauthorized` when the token or key cannot be used.
    public func tokenProvider(for profile: GitHubProfile) throws(WorkerError) -> (any TokenProvider)? {
        switch profile.authentication {
        case .anonymous: return nil
        case .token(let token, let scheme): return try GitHubProfile.tokenProvider(token, scheme: scheme)
        case .app(let app):
            let key = try app.signingKey
            return ExchangedTokenProvider(
                identity: app.identity(baseURL: profile.baseURL),
                kind: "app",
                cache: tokens,
                secrets: secrets,
                now: clock.now
            ) { logger throws(WorkerError) in
                try await exchange(app, key: key, profile: profile, logger: logger)
            }
        }
    }

    /// The installation token cached for `profile`'s App installation, if any.
    public func cachedToken(for profile: GitHubProfile) async -> ExchangedToken? {
        guard case .app = profile.authentication else { return nil }
        return await tokens.cached(profile.credentialIdentity)
    }

    /// Exchanges a fresh App JWT for an installation token
    /// (`POST {base_url}/app/installations/{id}/access_tokens`).
    /// - Parameters:
    ///   - app: The App credentials.
    ///   - key: Their signing key (default read from `app`).
    ///   - profile: The profile (base URL, headers, messages).
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` as GitHub's error mapping gives it: unauthorized (JWT refused), not found (no such
    ///   installation), …; with a hint naming the App fields to check.
    public func exchange(
        _ app: GitHubAppCredentials,
        key: JWTSigningKey? = nil,
        profile: GitHubProfile,
        logger: Logger
    ) async throws(WorkerError) -> ExchangedToken {
        let now = clock.now()
        let signingKey: JWTSigningKey
        if let key { signingKey = key } else { signingKey = try app.signingKey }
        let jwt = try await GitHubAppJWT.make(appID: app.appID, key: signingKey, now: now)
        secrets.register(jwt)
        let path = GitHubAppCredentials.accessTokensPath(app.installationID)
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
            if let status = error.response?.status, status == 401 || status == 404 {
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
        let expiresAt =
            body?["expires_at"]?.stringValue.flatMap { ISO8601DateFormatter().date(from: $0) }
            ?? now.addingTimeInterval(3600)
        logger.debug("GitHub App installation token obtained", metadata: ["profile": "\(profile.name)"])
        return ExchangedToken(value: token, expiresAt: expiresAt)
    }
}
