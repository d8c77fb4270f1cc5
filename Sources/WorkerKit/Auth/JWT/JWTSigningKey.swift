public import Crypto
public import CryptoExtras
import Foundation
import JWTKit

/// A private key that signs JSON Web Tokens with RS256 (RSASSA-PKCS1-v1_5, SHA-256), PS256 (RSASSA-PSS, SHA-256) or
/// ES256 (ECDSA P-256, SHA-256), through vapor/jwt-kit. Read it from PEM with ``init(pem:field:algorithm:)``
/// (PKCS#1 and PKCS#8 RSA, SEC1 and PKCS#8 EC P-256) or wrap a swift-crypto key.
///
/// ```swift
/// let key = try JWTSigningKey(pem: pem, field: "app_private_key")
/// let jwt = try await key.sign(.issued(by: .number(4242), at: now, lifetime: 540))
/// ```
///
/// jwt-kit signs; keys are read with swift-crypto first, because jwt-kit's PEM errors do not say what is wrong
/// (encrypted, a public key, too small, another curve) and every failure here names the field
/// (``CredentialError``). jwt-kit's key collection is an actor, so ``sign(_:)`` is `async`.
public struct JWTSigningKey: Sendable {
    /// The signature algorithm (`alg`).
    public enum Algorithm: String, Sendable, Hashable, CaseIterable {
        /// RSASSA-PKCS1-v1_5 with SHA-256; RSA keys of 2048 bits or more.
        case rs256 = "RS256"
        /// RSASSA-PSS with SHA-256 (MGF1 SHA-256, salt of 32 bytes); RSA keys of 2048 bits or more.
        case ps256 = "PS256"
        /// ECDSA on P-256 with SHA-256.
        case es256 = "ES256"
    }

    /// The algorithm this key signs with.
    public let algorithm: Algorithm
    /// The SHA-256 fingerprint (hex) of the public key's DER (SubjectPublicKeyInfo): identifies the key in
    /// ``CredentialIdentity`` parts and logs without revealing it.
    public let fingerprint: String
    /// The public key as PEM, for whoever verifies the tokens (an emulator, a test).
    public let publicKeyPEM: String
    private let backing: Backing

    private enum Backing: Sendable {
        case rsa(JWTKit.Insecure.RSA.PrivateKey)
        case es256(ES256PrivateKey)
    }

    /// An RS256 (or PS256) key.
    /// - Parameters:
    ///   - key: An RSA private key of 2048 bits or more.
    ///   - field: The configuration field errors name.
    ///   - algorithm: ``Algorithm/rs256`` (default) or ``Algorithm/ps256``.
    /// - Throws: ``CredentialError`` `credential.key_too_small`, or `credential.unsupported_key` for ES256.
    public init(
        rsa key: _RSA.Signing.PrivateKey,
        field: String = "private_key",
        algorithm: Algorithm = .rs256
    ) throws(CredentialError) {
        guard algorithm != .es256 else {
            throw CredentialError(
                code: .unsupportedKey,
                field: field,
                problem: "is an RSA key, but ES256 needs an EC P-256 key."
            )
        }
        guard key.keySizeInBits >= 2048, let wrapped = try? JWTKit.Insecure.RSA.PrivateKey(backing: key) else {
            throw CredentialError(
                code: .keyTooSmall,
                field: field,
                problem: "is an RSA key of \(key.keySizeInBits) bits; \(algorithm.rawValue) needs 2048 bits or more."
            )
        }
        self.algorithm = algorithm
        backing = .rsa(wrapped)
        fingerprint = CredentialIdentity.fingerprint(key.publicKey.derRepresentation)
        publicKeyPEM = key.publicKey.pemRepresentation
    }

    /// An ES256 key.
    /// - Parameter key: A P-256 private key.
    public init(p256 key: P256.Signing.PrivateKey) {
        algorithm = .es256
        // Wrapping a P-256 key in jwt-kit's key of the same curve cannot fail.
        // swift-format-ignore: NeverUseForceTry
        backing = .es256(try! ES256PrivateKey(backing: key))
        fingerprint = CredentialIdentity.fingerprint(key.publicKey.derRepresentation)
        publicKeyPEM = key.publicKey.pemRepresentation
    }

    /// Signs `claims`: header `{"alg": "<algorithm>", "typ": "JWT"}` plus `header` (`x5t`, `kid`, …), base64url
    /// segments without padding.
    /// - Parameters:
    ///   - claims: The claims.
    ///   - header: Further header parameters (`alg` and `typ` are the key's and `JWT`, whatever this holds).
    /// - Returns: `header.claims.signature`.
    /// - Throws: ``WorkerError`` `unauthorized` when signing fails (it does not for a key that parsed).
    public func sign(_ claims: JWTClaims, header: [String: String] = [:]) async throws(WorkerError) -> String {
        let keys = JWTKeyCollection()
        switch backing {
        case .rsa(let key) where algorithm == .ps256: await keys.add(pss: key, digestAlgorithm: .sha256)
        case .rsa(let key): await keys.add(rsa: key, digestAlgorithm: .sha256)
        case .es256(let key): await keys.add(ecdsa: key)
        }
        var fields = JWTHeader()
        for (name, value) in header where name != "alg" && name != "typ" {
            fields.fields[name] = .string(value)
        }
        fields.alg = algorithm.rawValue
        fields.typ = "JWT"
        do {
            return try await keys.sign(SignedClaims(claims: claims), header: fields)
        } catch {
            throw WorkerError(
                code: .unauthorized,
                message:
                    "A \(algorithm.rawValue) JWT could not be signed with the configured key (fingerprint \(fingerprint.prefix(16)))."
            )
        }
    }
}

/// ``JWTClaims`` as jwt-kit's payload.
struct SignedClaims: JWTPayload {
    var claims: JWTClaims

    init(claims: JWTClaims) {
        self.claims = claims
    }

    init(from decoder: any Decoder) throws {
        claims = try JWTClaims(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try claims.encode(to: encoder)
    }

    /// A token that has expired, or whose `iat` is after its `exp`, is invalid.
    func verify(using algorithm: some JWTAlgorithm) async throws {
        try ExpirationClaim(value: claims.expiresAt).verifyNotExpired()
        guard claims.issuedAt <= claims.expiresAt else {
            throw JWTError.claimVerificationFailure(failedClaim: nil, reason: "iat is after exp")
        }
    }
}
