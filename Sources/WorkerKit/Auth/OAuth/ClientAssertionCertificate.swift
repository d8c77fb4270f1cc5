import Crypto
public import Foundation
import SwiftASN1
import X509

/// A certificate and its private key that sign OAuth client assertions (``OAuthClientAssertion``), as Microsoft
/// Entra ID's "certificate credentials" use them: the app registration holds the certificate, the worker holds the
/// key and names the certificate in the assertion's header by its thumbprint (`x5t`: base64url of the SHA-1 of the
/// certificate's DER; `x5t#S256`: of its SHA-256).
///
/// The certificate is read with apple/swift-certificates (no X.509 parsing here); the key with
/// ``JWTSigningKey/init(pem:field:algorithm:)`` (RSA for RS256 or PS256, P-256 for ES256). Every refusal is a
/// ``CredentialError`` naming the field: no certificate in the PEM, no private key, a key that is not the
/// certificate's, a certificate outside its validity period, a key type that cannot sign. The key's text is never in
/// an error.
///
/// ```swift
/// let certificate = try ClientAssertionCertificate(certificatePEM: pem, keyPEM: nil, now: Date())
/// certificate.thumbprint(.sha1)   // "Q2FyZWZ1bGx5IGNob3Nlbg" (x5t)
/// ```
public struct ClientAssertionCertificate: Sendable {
    /// Which thumbprint names the certificate in the assertion's header.
    public enum Thumbprint: String, Sendable, Hashable, CaseIterable {
        /// `x5t`: SHA-1 of the DER certificate (what Entra ID documents first; the default).
        case sha1 = "x5t"
        /// `x5t#S256`: SHA-256 of the DER certificate.
        case sha256 = "x5t#S256"
    }

    /// The key that signs the assertions.
    public let key: JWTSigningKey
    /// The leaf certificate's DER bytes.
    public let certificateDER: [UInt8]
    /// The end of the certificate's validity period.
    public let notValidAfter: Date
    /// The certificate's subject, for messages (public).
    public let subject: String

    /// Reads a certificate and its key.
    /// - Parameters:
    ///   - certificatePEM: One or more `CERTIFICATE` blocks, the first the app's certificate; it may also hold the
    ///     private key (one PEM file with both, as Entra ID's portal and `az ad sp create-for-rbac --create-cert`
    ///     write it).
    ///   - keyPEM: The private key when it is apart from the certificate.
    ///   - certificateField: The field errors name for the certificate.
    ///   - keyField: The field errors name for the key.
    ///   - algorithm: `nil` takes it from the key (RSA → RS256, P-256 → ES256); ``JWTSigningKey/Algorithm/ps256``
    ///     for RSA-PSS.
    ///   - now: Certificates whose validity period does not hold `now` are refused.
    ///   - secrets: When given, the key's text (and a PEM that holds it) is registered in it.
    /// - Throws: ``CredentialError`` naming the field at fault.
    public init(
        certificatePEM: String,
        keyPEM: String?,
        certificateField: String = "assertion_certificate_pem",
        keyField: String = "assertion_key_pem",
        algorithm: JWTSigningKey.Algorithm? = nil,
        now: Date,
        secrets: SecretRegistry? = nil
    ) throws(CredentialError) {
        let text = ProfileTLS.unescaped(certificatePEM)
        let documents: [PEMDocument]
        do {
            documents = try PEMDocument.parseMultiple(pemString: text)
        } catch {
            documents = []
        }
        let embeddedKey = documents.first { $0.discriminator.hasSuffix("PRIVATE KEY") }
        if embeddedKey != nil {
            secrets?.register(certificatePEM)
            secrets?.register(text)
        }
        guard let leaf = documents.first(where: { $0.discriminator == "CERTIFICATE" }) else {
            throw CredentialError(
                code: .invalidCertificate,
                field: certificateField,
                problem:
                    "holds no PEM certificate; expected the app's certificate starting -----BEGIN CERTIFICATE-----."
            )
        }
        let certificate: Certificate
        do {
            certificate = try Certificate(derEncoded: leaf.derBytes)
        } catch {
            throw CredentialError(
                code: .invalidCertificate,
                field: certificateField,
                problem: "holds a CERTIFICATE block that is not a readable X.509 certificate."
            )
        }
        let keyText: String
        let field: String
        if let keyPEM {
            secrets?.register(keyPEM)
            secrets?.register(ProfileTLS.unescaped(keyPEM))
            keyText = keyPEM
            field = keyField
        } else if let embeddedKey {
            keyText = embeddedKey.pemString
            field = certificateField
        } else {
            throw CredentialError(
                code: .missingField,
                field: keyField,
                problem:
                    "is not set and \(certificateField) holds no private key; give the certificate's private key in either."
            )
        }
        key = try JWTSigningKey(pem: keyText, field: field, algorithm: algorithm)
        guard let publicKey = try? Certificate.PrivateKey(pemEncoded: ProfileTLS.unescaped(keyText)).publicKey,
            publicKey == certificate.publicKey
        else {
            throw CredentialError(
                code: .keyMismatch,
                field: field,
                problem:
                    "is not the private key of the certificate in \(certificateField) (\(certificate.subject)); give the key the certificate was made for."
            )
        }
        let formatter = ISO8601DateFormatter()
        guard certificate.notValidAfter > now else {
            throw CredentialError(
                code: .expiredCertificate,
                field: certificateField,
                problem:
                    "is a certificate that expired on \(formatter.string(from: certificate.notValidAfter)) (not after); make a new one and register it with the app."
            )
        }
        guard certificate.notValidBefore <= now else {
            throw CredentialError(
                code: .expiredCertificate,
                field: certificateField,
                problem:
                    "is a certificate not valid before \(formatter.string(from: certificate.notValidBefore)) (not before); check the clock or use a current certificate."
            )
        }
        certificateDER = leaf.derBytes
        notValidAfter = certificate.notValidAfter
        subject = "\(certificate.subject)"
    }

    /// The certificate's thumbprint, base64url without padding, for the header parameter `kind` names.
    /// - Parameter kind: `x5t` (SHA-1) or `x5t#S256` (SHA-256).
    public func thumbprint(_ kind: Thumbprint) -> String {
        let digest: [UInt8] =
            switch kind {
            case .sha1: Array(Insecure.SHA1.hash(data: certificateDER))
            case .sha256: Array(SHA256.hash(data: certificateDER))
            }
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
