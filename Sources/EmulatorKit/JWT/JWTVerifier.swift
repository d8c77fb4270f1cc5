import Foundation
import JWTKit
public import StructuredData

/// Verifies signed JWTs (RS256, PS256, ES256) as vendors that accept them do: the signature with the issuer's public
/// key (checked by vapor/jwt-kit), then `iat`, `nbf`, `exp`, the longest lifetime and `aud`, each refusal with a clear
/// ``JWTVerificationError``.
///
/// ```swift
/// let verifier = JWTVerifier(maxLifetime: 600, allowedSkew: 60)
/// let jwt = try await verifier.verify(token, now: clock()) { issuer in
///     apps[issuer].map { .rsa(pem: $0.publicKeyPEM) }
/// }
/// jwt.issuer   // "12345"
/// ```
public struct JWTVerifier: Sendable {
    /// A public key to check signatures with.
    public enum Key: Sendable, Hashable {
        /// An RSA public key (PEM, at least 2048 bits) for `RS256`, or `PS256` when the verifier accepts it.
        case rsa(pem: String)
        /// A P-256 public key (PEM) for `ES256`.
        case ecdsaP256(pem: String)

        /// The `alg` the key verifies.
        public var algorithm: String {
            switch self {
            case .rsa: return "RS256"
            case .ecdsaP256: return "ES256"
            }
        }

        /// The `alg` values the key can verify: `RS256` and `PS256` for RSA, `ES256` for P-256.
        public var algorithms: Set<String> {
            switch self {
            case .rsa: return ["RS256", "PS256"]
            case .ecdsaP256: return ["ES256"]
            }
        }

        /// Checks the key can be read (a PEM public key of its kind; RSA at least 2048 bits).
        /// - Throws: `invalidKey` saying what is expected.
        public func validate() throws(JWTVerificationError) {
            do {
                switch self {
                case .rsa(let pem): _ = try Insecure.RSA.PublicKey(pem: pem)
                case .ecdsaP256(let pem): _ = try ES256PublicKey(pem: pem)
                }
            } catch {
                throw JWTVerificationError(
                    .invalidKey,
                    "the key is not a PEM \(algorithm == "RS256" ? "RSA (2048 bits or more)" : "P-256") public key"
                )
            }
        }
    }

    /// Accepted `alg` values (default `RS256` and `ES256`; add `PS256` for RSA-PSS).
    public var algorithms: Set<String>
    /// The longest `exp - iat` accepted in seconds, or `nil` for any.
    public var maxLifetime: Double?
    /// The clock skew allowed for `iat` and `nbf` in the future, in seconds.
    public var allowedSkew: Double
    /// Whether `iat` is required.
    public var requireIssuedAt: Bool
    /// Whether `exp` is required.
    public var requireExpiry: Bool
    /// The audience `aud` must name, or `nil` not to check.
    public var audience: String?

    /// Creates a verifier.
    public init(
        algorithms: Set<String> = ["RS256", "ES256"],
        maxLifetime: Double? = nil,
        allowedSkew: Double = 60,
        requireIssuedAt: Bool = true,
        requireExpiry: Bool = true,
        audience: String? = nil
    ) {
        self.algorithms = algorithms
        self.maxLifetime = maxLifetime
        self.allowedSkew = allowedSkew
        self.requireIssuedAt = requireIssuedAt
        self.requireExpiry = requireExpiry
        self.audience = audience
    }

    /// Verifies `token` at `now` (seconds since 1970).
    /// - Parameters:
    ///   - token: the compact JWT.
    ///   - now: the current time.
    ///   - key: the issuer's key (the `iss` claim as text; a number is written in decimal), or `nil` when unknown.
    /// - Returns: the verified token.
    /// - Throws: ``JWTVerificationError``, checked in the order of ``JWTVerificationError/Reason``.
    public func verify(
        _ token: String,
        now: Double,
        key: (_ issuer: String) -> Key?
    ) async throws(JWTVerificationError) -> VerifiedJWT {
        let unverified = try Self.decode(token)
        guard let algorithm = unverified.header["alg"]?.stringValue, algorithms.contains(algorithm) else {
            let sent = unverified.header["alg"].map { JSONEncoding.compact($0) } ?? "none"
            throw JWTVerificationError(
                .unsupportedAlgorithm,
                "alg \(sent) is not accepted (accepted: \(algorithms.sorted().joined(separator: ", ")))"
            )
        }
        guard let issuer = unverified.issuer else {
            throw JWTVerificationError(.missingIssuer, "the `iss` claim is missing or not a string or integer")
        }
        guard let publicKey = key(issuer) else {
            throw JWTVerificationError(.unknownIssuer, "no key is known for issuer \(issuer)")
        }
        guard publicKey.algorithms.contains(algorithm) else {
            throw JWTVerificationError(
                .invalidKey,
                "issuer \(issuer)'s key is for \(publicKey.algorithm), the token says alg \(algorithm)"
            )
        }
        try await Self.checkSignature(token, key: publicKey, algorithm: algorithm, issuer: issuer)
        try checkClaims(unverified, now: now)
        return unverified
    }

    /// Decodes a token without checking its signature or claims.
    /// - Throws: `malformed` when it is not three base64url parts with a JSON object header and payload.
    public static func decode(_ token: String) throws(JWTVerificationError) -> VerifiedJWT {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw JWTVerificationError(.malformed, "a JWT has three dot-separated parts (got \(parts.count))")
        }
        guard let header = json(String(parts[0])), header.objectValue != nil else {
            throw JWTVerificationError(.malformed, "the JWT header is not base64url-encoded JSON object")
        }
        guard let claims = json(String(parts[1])), claims.objectValue != nil else {
            throw JWTVerificationError(.malformed, "the JWT payload is not a base64url-encoded JSON object")
        }
        guard base64URLDecode(String(parts[2])) != nil, !parts[2].isEmpty else {
            throw JWTVerificationError(.malformed, "the JWT signature is not base64url")
        }
        return VerifiedJWT(header: header, claims: claims)
    }

    private func checkClaims(_ jwt: VerifiedJWT, now: Double) throws(JWTVerificationError) {
        if jwt.claims["iat"] != nil || requireIssuedAt, jwt.issuedAt == nil {
            throw JWTVerificationError(.missingIssuedAt, "the `iat` claim must be a number (seconds since 1970)")
        }
        if jwt.claims["exp"] != nil || requireExpiry, jwt.expiresAt == nil {
            throw JWTVerificationError(.missingExpiry, "the `exp` claim must be a number (seconds since 1970)")
        }
        if let issuedAt = jwt.issuedAt, issuedAt > now + allowedSkew {
            throw JWTVerificationError(
                .issuedInFuture,
                "the `iat` claim is \(Int(issuedAt - now)) s in the future (at most \(Int(allowedSkew)) s allowed)"
            )
        }
        if jwt.claims["nbf"] != nil {
            guard let notBefore = jwt.claims["nbf"]?.doubleValue else {
                throw JWTVerificationError(.notYetValid, "the `nbf` claim must be a number (seconds since 1970)")
            }
            if notBefore > now + allowedSkew {
                throw JWTVerificationError(.notYetValid, "the token is not valid before `nbf` (\(Int(notBefore)))")
            }
        }
        if let expiresAt = jwt.expiresAt, expiresAt <= now {
            throw JWTVerificationError(.expired, "the token expired \(Int(now - expiresAt)) s ago (`exp`)")
        }
        if let maxLifetime, let issuedAt = jwt.issuedAt, let expiresAt = jwt.expiresAt,
            expiresAt - issuedAt > maxLifetime
        {
            throw JWTVerificationError(
                .lifetimeTooLong,
                "`exp` is \(Int(expiresAt - issuedAt)) s after `iat` (at most \(Int(maxLifetime)) s allowed)"
            )
        }
        if let audience {
            let named: [String]
            switch jwt.claims["aud"] {
            case .string(let one)?: named = [one]
            case .array(let many)?: named = many.compactMap(\.stringValue)
            default: named = []
            }
            guard named.contains(audience) else {
                throw JWTVerificationError(.wrongAudience, "the `aud` claim must name \(audience)")
            }
        }
    }

    private static func checkSignature(
        _ token: String,
        key: Key,
        algorithm: String,
        issuer: String
    ) async throws(JWTVerificationError) {
        let keys = JWTKeyCollection()
        do {
            switch key {
            case .rsa(let pem) where algorithm == "PS256":
                await keys.add(pss: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
            case .rsa(let pem):
                await keys.add(rsa: try Insecure.RSA.PublicKey(pem: pem), digestAlgorithm: .sha256)
            case .ecdsaP256(let pem):
                await keys.add(ecdsa: try ES256PublicKey(pem: pem))
            }
        } catch {
            throw JWTVerificationError(.invalidKey, "issuer \(issuer)'s \(key.algorithm) public key cannot be read")
        }
        do {
            _ = try await keys.verify(token, as: SignatureOnly.self)
        } catch {
            throw JWTVerificationError(.badSignature, "the signature does not match issuer \(issuer)'s key")
        }
    }

    private static func json(_ part: String) -> JSONValue? {
        guard let bytes = base64URLDecode(part) else { return nil }
        return try? JSONParser.parse(String(decoding: bytes, as: UTF8.self))
    }

    /// Decodes base64url without padding (`nil` when it is not base64url).
    public static func base64URLDecode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0.isBase64URL }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}

/// A decoded JWT: header and claims as JSON.
public struct VerifiedJWT: Sendable, Hashable {
    /// The header (`alg`, `typ`, `kid`).
    public var header: JSONValue
    /// The claims.
    public var claims: JSONValue

    /// Creates a decoded token.
    public init(header: JSONValue, claims: JSONValue) {
        self.header = header
        self.claims = claims
    }

    /// `alg` from the header.
    public var algorithm: String? { header["alg"]?.stringValue }
    /// `iss` as text (an integer issuer, such as an app id, in decimal).
    public var issuer: String? {
        switch claims["iss"] {
        case .string(let text)?: return text.isEmpty ? nil : text
        case .integer(let number)?: return String(number)
        default: return nil
        }
    }
    /// `sub`.
    public var subject: String? { claims["sub"]?.stringValue }
    /// `iat` in seconds since 1970.
    public var issuedAt: Double? { claims["iat"]?.doubleValue }
    /// `exp` in seconds since 1970.
    public var expiresAt: Double? { claims["exp"]?.doubleValue }
}

/// A payload jwt-kit decodes without checks of its own (the verifier checks the claims itself, for clear reasons).
private struct SignatureOnly: JWTPayload {
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

extension UInt8 {
    fileprivate var isBase64URL: Bool {
        (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || (self >= 0x30 && self <= 0x39)
            || self == 0x2D || self == 0x5F
    }
}
