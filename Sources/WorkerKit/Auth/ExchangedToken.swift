public import Foundation

/// A token obtained by an exchange (an App installation token for a signed JWT, an OAuth access token for client
/// credentials) and when it expires.
public struct ExchangedToken: Sendable, Hashable {
    /// The token.
    public var value: String
    /// When the issuer says it expires.
    public var expiresAt: Date
    /// The `Authorization` scheme it is sent with (default `Bearer`).
    public var scheme: String

    /// A token.
    /// - Parameters:
    ///   - value: The token.
    ///   - expiresAt: Its expiry.
    ///   - scheme: Default `Bearer`.
    public init(value: String, expiresAt: Date, scheme: String = "Bearer") {
        self.value = value
        self.expiresAt = expiresAt
        self.scheme = scheme
    }

    /// The `Authorization` header value.
    public var authorization: String { "\(scheme) \(value)" }
}
