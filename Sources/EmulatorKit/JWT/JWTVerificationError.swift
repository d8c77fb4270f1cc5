/// Why a signed JWT was refused. ``reason`` is stable; ``message`` names the claim or part and what was valid.
public struct JWTVerificationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of refusal, in the order they are checked.
    public enum Reason: String, Sendable, Hashable {
        /// Not three base64url parts with a JSON object header and payload.
        case malformed
        /// The header's `alg` is not one the verifier accepts.
        case unsupportedAlgorithm = "unsupported_algorithm"
        /// No usable `iss` claim.
        case missingIssuer = "missing_issuer"
        /// No key is known for the issuer.
        case unknownIssuer = "unknown_issuer"
        /// The issuer's key cannot be read, or is of another kind than `alg` needs.
        case invalidKey = "invalid_key"
        /// The signature does not match the issuer's key.
        case badSignature = "bad_signature"
        /// No numeric `iat` claim.
        case missingIssuedAt = "missing_issued_at"
        /// No numeric `exp` claim.
        case missingExpiry = "missing_expiry"
        /// `iat` is in the future (beyond the allowed skew).
        case issuedInFuture = "issued_in_future"
        /// `nbf` is in the future (beyond the allowed skew).
        case notYetValid = "not_yet_valid"
        /// `exp` is not in the future.
        case expired
        /// `exp - iat` is longer than allowed.
        case lifetimeTooLong = "lifetime_too_long"
        /// `aud` does not name the expected audience.
        case wrongAudience = "wrong_audience"
    }

    /// The kind of refusal.
    public var reason: Reason
    /// What was wrong.
    public var message: String

    /// Creates an error.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
