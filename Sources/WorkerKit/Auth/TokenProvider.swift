public import Logging

/// Gives the `Authorization` header value of one credential: a static token, or a token obtained by an exchange and
/// cached (``StaticTokenProvider``, ``ExchangedTokenProvider``). Caches key by ``identity``, never by profile name.
///
/// ```swift
/// let provider = try StaticTokenProvider(token, scheme: .bearer)
/// request.headers.replaceOrAdd(name: "Authorization", value: try await provider.authorization(logger: logger))
/// ```
///
/// A token provider is a ``CredentialProvider`` of one `Authorization` header.
public protocol TokenProvider: CredentialProvider {
    /// Who the credential acts as.
    var identity: CredentialIdentity { get }
    /// The kind of credential for plans and logs (`bearer`, `basic`, `app`, …); never its value.
    var kind: String { get }
    /// The `Authorization` header value (`Bearer …`, `Basic …`).
    /// - Parameter logger: The job's logger (an exchange logs its call).
    /// - Throws: ``WorkerError`` when an exchange fails.
    func authorization(logger: Logger) async throws(WorkerError) -> String
    /// The vendor answered 401 to `authorization`: forget it if it was cached.
    /// - Parameter authorization: The header value that was refused.
    /// - Returns: Whether asking again may give another credential, so one retry may succeed.
    func refused(_ authorization: String) async -> Bool
}

extension TokenProvider {
    /// A fixed credential: asking again gives the same one.
    public func refused(_ authorization: String) async -> Bool { false }
}
