import Crypto
public import WorkerKit
public import _CryptoExtras

/// A profile as the GitHub worker uses it: where the API is, how it authenticates, and what it may touch.
public struct GitHubProfile: Sendable {
    /// How requests authenticate.
    public enum Authentication: Sendable {
        /// No credentials (public data only, 60 requests an hour on github.com).
        case anonymous
        /// A personal access token (classic or fine-grained) or any token GitHub accepts, sent as
        /// `Authorization: <scheme> <token>` with scheme `Bearer` or `token`.
        case token(String, scheme: String)
        /// A GitHub App installation: the worker signs a JWT and exchanges it for installation tokens.
        case app(GitHubAppCredentials)
    }

    /// The name jobs select with `profile`.
    public var name: String
    /// The REST API root without a trailing slash (`https://api.github.com`, `https://ghe.example.com/api/v3`).
    public var baseURL: String
    /// `X-GitHub-Api-Version` (default `2022-11-28`).
    public var apiVersion: String
    /// The credentials.
    public var authentication: Authentication
    /// The profile as WorkerKit parsed it (its own `allowed_repos`, `allow_actions`, …).
    public var vendorProfile: VendorProfile

    /// A profile.
    public init(
        name: String,
        baseURL: String = GitHubProfile.defaultBaseURL,
        apiVersion: String = GitHubProfile.defaultAPIVersion,
        authentication: Authentication,
        vendorProfile: VendorProfile? = nil
    ) {
        self.name = name
        self.baseURL = baseURL
        self.apiVersion = apiVersion
        self.authentication = authentication
        self.vendorProfile = vendorProfile ?? VendorProfile(name: name, baseURL: baseURL)
    }

    /// `https://api.github.com`.
    public static let defaultBaseURL = "https://api.github.com"
    /// `2022-11-28`.
    public static let defaultAPIVersion = "2022-11-28"

    /// `token`, `app` or `anonymous`, for results and logs.
    public var authenticationKind: String {
        switch authentication {
        case .anonymous: "anonymous"
        case .token: "token"
        case .app: "app"
        }
    }
}

/// A GitHub App installation's credentials.
public struct GitHubAppCredentials: Sendable {
    /// The App id (digits) or client id (`Iv1.…`), the JWT's `iss`.
    public var appID: String
    /// The App's RSA private key.
    public var privateKey: _RSA.Signing.PrivateKey
    /// The installation whose tokens the worker uses.
    public var installationID: String

    /// Credentials.
    public init(appID: String, privateKey: _RSA.Signing.PrivateKey, installationID: String) {
        self.appID = appID
        self.privateKey = privateKey
        self.installationID = installationID
    }
}
