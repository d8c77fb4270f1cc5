import Crypto
import CryptoExtras
public import Foundation
import SwiftASN1
import X509

/// A self-signed certificate and its private key, made in memory with apple/swift-certificates and swift-crypto, for
/// tests of certificate credentials (client assertions): no `openssl`, no files.
///
/// ```swift
/// let certificate = try TestSigningCertificate.make(commonName: "cordum-msteams")
/// emulator.state.withLock { $0.certificates[clientID] = [certificate.certificatePEM] }
/// ```
public struct TestSigningCertificate: Sendable {
    /// The key's type.
    public enum KeyType: Sendable {
        /// RSA, 2048 bits (RS256, PS256).
        case rsa
        /// EC P-256 (ES256).
        case p256
    }

    /// The certificate, PEM (`CERTIFICATE`).
    public let certificatePEM: String
    /// The private key, PEM (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY` for P-256).
    public let keyPEM: String

    /// The certificate and key as one PEM (certificate first), as Entra ID's tools write them.
    public var combinedPEM: String { certificatePEM + "\n" + keyPEM }

    /// Makes a certificate.
    /// - Parameters:
    ///   - commonName: The subject's (and issuer's) common name.
    ///   - keyType: Default RSA.
    ///   - notValidBefore: Default an hour ago.
    ///   - notValidAfter: Default a day ahead.
    public static func make(
        commonName: String = "cordum-test",
        keyType: KeyType = .rsa,
        notValidBefore: Date = Date().addingTimeInterval(-3600),
        notValidAfter: Date = Date().addingTimeInterval(86_400)
    ) throws -> TestSigningCertificate {
        let key: Certificate.PrivateKey
        let keyPEM: String
        switch keyType {
        case .rsa:
            let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            key = Certificate.PrivateKey(rsa)
            keyPEM = rsa.pemRepresentation
        case .p256:
            let p256 = P256.Signing.PrivateKey()
            key = Certificate.PrivateKey(p256)
            keyPEM = p256.pemRepresentation
        }
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: key.publicKey,
            notValidBefore: notValidBefore,
            notValidAfter: notValidAfter,
            issuer: name,
            subject: name,
            extensions: Certificate.Extensions(),
            issuerPrivateKey: key
        )
        return TestSigningCertificate(certificatePEM: try certificate.serializeAsPEM().pemString, keyPEM: keyPEM)
    }
}
