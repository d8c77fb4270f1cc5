public import Logging
public import NIOHTTP1
public import StructuredData
public import WorkerKit

extension GitHubProfile: ActionProfile {
    /// `token`, `app` or `anonymous` (``authenticationKind``): the dry-run plan's `auth`.
    public var authKind: String { authenticationKind }
}

/// How the action runtime reaches GitHub: the job's profile (inline `auth` parsed as a GitHub profile when
/// `ALLOW_INLINE_AUTH` is on), GitHub's headers, and ``GitHubClient`` (installation tokens, conditional GETs,
/// errors mapped with GitHub's rules).
public struct GitHubTransport: ActionTransport {
    /// Profiles and lists.
    public var configuration: GitHubConfiguration
    /// The client.
    public var client: GitHubClient

    /// A transport.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - client: The client.
    public init(configuration: GitHubConfiguration, client: GitHubClient) {
        self.configuration = configuration
        self.client = client
    }

    public var vendor: String { "GitHub" }
    public var http: VendorHTTPClient { client.http }

    /// The job's profile; with inline `auth` (only when `ALLOW_INLINE_AUTH` is on) a profile built from it.
    public func profile(for input: JSONValue) throws(WorkerError) -> GitHubProfile {
        let vendorProfile = try configuration.settings.resolveProfile(for: input)
        guard let configured = configuration.profiles[vendorProfile.name] else {
            throw WorkerError(
                code: .unknownProfile,
                message: "The profile \"\(vendorProfile.name)\" is not configured."
            )
        }
        guard let auth = input["auth"], auth != .null else { return configured }
        do {
            var merged = vendorProfile
            if merged.baseURL == nil { merged.baseURL = configured.baseURL }
            let inlineApp = merged.credentials["app_private_key"] != nil
            if merged.credentials["token"] != nil, !inlineApp {
                merged.credentials["app_private_key"] = nil
                for field in ["app_id", "app_installation_id"] { merged.settings[field] = nil }
            }
            for field in ["app_id", "app_installation_id", "token_type"] {
                if let value = merged.credentials[field] { merged.settings[field] = .string(value) }
            }
            return try GitHubProfile.parse(
                merged,
                place: ProfilePlace(variable: { _ in "auth" }, label: { "The job's auth: \($0)" }),
                defaults: ["api_version": configured.apiVersion]
            )
        } catch {
            throw WorkerError(code: .invalidInput, message: error.message)
        }
    }

    public func headers(for profile: GitHubProfile) -> HTTPHeaders {
        client.baseHeaders(for: profile)
    }

    public func send(
        _ request: VendorRequest,
        profile: GitHubProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        let answer = try await client.send(request, profile: profile, action: action, logger: logger)
        return ActionAnswer(
            status: answer.status,
            headers: answer.headers,
            body: answer.body,
            requestID: answer.headers.first(name: "x-github-request-id") ?? "",
            cached: answer.fromCache,
            nextLink: answer.nextLink
        )
    }
}
