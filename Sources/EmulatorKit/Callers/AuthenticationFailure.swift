/// Why a request was not authenticated. The message names what was wrong, never the secret.
public struct AuthenticationFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of failure.
    public enum Reason: String, Sendable, Hashable {
        /// No credential at all.
        case missing
        /// A credential header that cannot be read (wrong scheme, empty, bad base64, a required key missing).
        case malformed
        /// A credential that is not registered.
        case unknown
        /// A registered credential past its expiry.
        case expired
        /// A signed token that failed verification (see ``JWTVerificationError``).
        case invalidToken = "invalid_token"
    }

    /// The kind of failure; also a stable code.
    public var reason: Reason
    /// What was wrong.
    public var message: String

    /// Creates a failure.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// A rejected request's answer in the vendor's shape, thrown from handlers (see ``CallerAuthenticator``).
public struct Unauthenticated: Error, Sendable, EmulatorResponseError {
    /// Why.
    public var failure: AuthenticationFailure
    /// The vendor's answer.
    public var response: EmulatorResponse

    /// Creates the error.
    public init(failure: AuthenticationFailure, response: EmulatorResponse) {
        self.failure = failure
        self.response = response
    }
}
