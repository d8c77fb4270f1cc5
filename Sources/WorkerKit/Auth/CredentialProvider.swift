public import Logging
public import NIOHTTP1

/// Puts one credential on a request, as one or more headers: an `Authorization` value (every ``TokenProvider``),
/// HTTP Basic, or API keys in headers of the vendor's own (``APIKeyProvider``). Caches key by ``identity``, never
/// by profile name.
///
/// ```swift
/// let credential = try APIKeyProvider([.init(name: "DD-API-KEY", value: apiKey, field: "api_key")])
/// for (name, value) in try await credential.headers(logger: logger) {
///     request.headers.replaceOrAdd(name: name, value: value)
/// }
/// ```
///
/// ``CredentialRetry`` sends with a provider and renews the credential once when the vendor answers 401.
public protocol CredentialProvider: Sendable {
    /// Who the credential acts as.
    var identity: CredentialIdentity { get }
    /// The kind of credential for plans and logs (`bearer`, `basic`, `api_key`, `oauth`, …); never its value.
    var kind: String { get }
    /// The headers that carry the credential; each replaces a header of the same name on the request.
    /// - Parameter logger: The job's logger (an exchange logs its call).
    /// - Throws: ``WorkerError`` when an exchange fails.
    func headers(logger: Logger) async throws(WorkerError) -> HTTPHeaders
    /// The vendor answered 401 to a request carrying `headers`: forget them if they were cached.
    /// - Parameter headers: The headers ``headers(logger:)`` gave for the refused request.
    /// - Returns: Whether asking again may give another credential, so one retry may succeed.
    func refused(headers: HTTPHeaders) async -> Bool
}

/// Every ``TokenProvider`` is a credential provider of one `Authorization` header.
extension TokenProvider {
    /// `Authorization: <authorization(logger:)>`.
    public func headers(logger: Logger) async throws(WorkerError) -> HTTPHeaders {
        ["Authorization": try await authorization(logger: logger)]
    }

    /// ``TokenProvider/refused(_:)`` of the `Authorization` value that was sent.
    public func refused(headers: HTTPHeaders) async -> Bool {
        guard let authorization = headers.first(name: "Authorization") else { return false }
        return await refused(authorization)
    }
}
