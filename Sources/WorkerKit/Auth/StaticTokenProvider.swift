import Foundation
public import Logging

/// A credential that never changes: a token sent as `Bearer <token>` or `token <token>`, or a user name and password
/// sent as HTTP Basic (RFC 7617).
public struct StaticTokenProvider: TokenProvider {
    /// How the credential is sent.
    public enum Scheme: Sendable, Hashable {
        /// `Authorization: Bearer <token>` (RFC 6750).
        case bearer
        /// `Authorization: token <token>`.
        case token
        /// `Authorization: Basic base64(<username>:<password>)`; the secret is the password.
        case basic(username: String)
    }

    /// How the credential is sent.
    public let scheme: Scheme
    public let identity: CredentialIdentity
    private let header: String

    /// A provider.
    /// - Parameters:
    ///   - secret: The token, or the password for ``Scheme/basic(username:)``.
    ///   - scheme: Default ``Scheme/bearer``.
    ///   - field: The configuration field errors name (default `token`).
    /// - Throws: ``CredentialError`` `credential.invalid_token` when the secret is empty or holds a line break or
    ///   control character, or a Basic user name holds a colon.
    public init(_ secret: String, scheme: Scheme = .bearer, field: String = "token") throws(CredentialError) {
        try Self.check(secret, field: field, what: scheme == .token || scheme == .bearer ? "token" : "password")
        self.scheme = scheme
        switch scheme {
        case .bearer:
            header = "Bearer \(secret)"
            identity = CredentialIdentity(kind: "bearer", parts: [secret])
        case .token:
            header = "token \(secret)"
            identity = CredentialIdentity(kind: "token", parts: [secret])
        case .basic(let username):
            try Self.check(username, field: "username", what: "user name")
            guard !username.contains(":") else {
                throw CredentialError(
                    code: .invalidToken,
                    field: "username",
                    problem: "holds a colon, which HTTP Basic authentication cannot carry in a user name."
                )
            }
            header = "Basic " + Data("\(username):\(secret)".utf8).base64EncodedString()
            identity = CredentialIdentity(kind: "basic", parts: [username, secret])
        }
    }

    public var kind: String {
        switch scheme {
        case .bearer: "bearer"
        case .token: "token"
        case .basic: "basic"
        }
    }

    public func authorization(logger: Logger) async throws(WorkerError) -> String { header }

    static func check(_ value: String, field: String, what: String) throws(CredentialError) {
        guard !value.isEmpty else {
            throw CredentialError(code: .invalidToken, field: field, problem: "is empty; expected a \(what).")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw CredentialError(
                code: .invalidToken,
                field: field,
                problem: "holds a line break or control character, which an HTTP header cannot carry."
            )
        }
    }
}
