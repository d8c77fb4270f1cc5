import Foundation
public import Logging
public import NIOHTTP1
import StructuredData
public import WorkerKit

/// Sends GitHub REST requests for a profile: GitHub's headers, the profile's credentials (installation tokens for
/// Apps, exchanged and cached), conditional GETs from the ETag cache, one token refresh on a 401 (``CredentialRetry``), and errors mapped
/// to the pack's codes. Retries, `Retry-After`, rate-limit waits, timeouts and redaction come from WorkerKit's
/// ``VendorHTTPClient``.
public struct GitHubClient: Sendable {
    /// The HTTP client (retry policy, timeout, clock, secrets).
    public var http: VendorHTTPClient
    /// App installation tokens, by the installation's credential identity (never by profile name).
    public var tokens: ExchangedTokenCache
    /// Conditional-request cache, keyed by credential identity, URL, `Accept` and `X-GitHub-Api-Version`.
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
        tokens: ExchangedTokenCache = ExchangedTokenCache(),
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
        let provider = try tokenProvider(for: profile)
        let etags = etags
        let http = http
        do {
            // An installation token revoked or expired early is exchanged anew once (WorkerKit's CredentialRetry);
            // a token profile's 401 is final.
            return try await CredentialRetry.send(request, credential: provider, vendor: "GitHub", logger: logger) {
                (outgoing, identity) async throws(VendorCallFailure) -> GitHubAnswer in
                let answer = try await http.call(
                    outgoing,
                    etags: etags,
                    identity: identity,
                    varyingHeaders: ["Accept", "X-GitHub-Api-Version"],
                    logger: logger
                )
                let response = answer.response
                return GitHubAnswer(
                    status: response.status,
                    headers: response.headers,
                    body: response.body,
                    requestID: response.headers.first(name: "x-github-request-id") ?? response.requestID,
                    fromCache: answer.fromCache,
                    nextLink: response.nextLink
                )
            }
        } catch {
            switch error {
            case .credential(let error): throw error
            case .call(let failure, _):
                throw GitHubErrorMapping.error(
                    failure,
                    action: action,
                    what: "\(request.method.rawValue) \(HeaderRedaction.redacted(url: request.url, secrets: secrets))",
                    now: clock.now(),
                    secrets: secrets
                )
            }
        }
    }
}
