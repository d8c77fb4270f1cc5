public import WorkerKit

extension GitHubProfile {
    /// Who this profile's requests act as, for the ETag cache and the token cache: anonymous, the token (its
    /// digest), or the App installation (``GitHubAppCredentials/identity(baseURL:)``). Two profiles with the same
    /// name and different credentials — a configured profile and a job's inline `auth` — never share an identity.
    public var credentialIdentity: CredentialIdentity {
        switch authentication {
        case .anonymous: .anonymous
        case .token(let token, let scheme):
            // A token no request can carry (a line break) still gets an identity of its own, never anonymous.
            (try? Self.tokenProvider(token, scheme: scheme).identity)
                ?? CredentialIdentity(kind: "unusable-token", parts: [token])
        case .app(let app): app.identity(baseURL: baseURL)
        }
    }

    /// A token profile's provider.
    static func tokenProvider(_ token: String, scheme: String) throws(WorkerError) -> StaticTokenProvider {
        do {
            return try StaticTokenProvider(token, scheme: scheme.lowercased() == "token" ? .token : .bearer)
        } catch {
            throw WorkerError(code: .unauthorized, message: "The profile's \(error.message)")
        }
    }
}
