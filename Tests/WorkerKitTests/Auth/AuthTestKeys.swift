import Crypto
import CryptoExtras
import Foundation

/// Keys made once per test run (never committed), and the PEM forms the tests read.
enum AuthTestKeys {
    static let rsa: _RSA.Signing.PrivateKey = make { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
    static let otherRSA: _RSA.Signing.PrivateKey = make { try _RSA.Signing.PrivateKey(keySize: .bits2048) }
    static let smallRSA: _RSA.Signing.PrivateKey = make {
        try _RSA.Signing.PrivateKey(unsafeKeySize: _RSA.Signing.KeySize(bitCount: 1024))
    }
    static let p256 = P256.Signing.PrivateKey()

    /// A P-256 key as SEC1 (`EC PRIVATE KEY`), which swift-crypto does not write: built by hand from RFC 5915's
    /// `ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] prime256v1, [1] publicKey BIT STRING }`.
    static var p256SEC1PEM: String {
        let der: [UInt8] =
            [0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20] + Array(p256.rawRepresentation)
            + [0xA0, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
            + [0xA1, 0x44, 0x03, 0x42, 0x00] + Array(p256.publicKey.x963Representation)
        return pem("EC PRIVATE KEY", der)
    }

    /// A PEM block.
    static func pem(_ label: String, _ der: [UInt8]) -> String {
        let base64 = Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(base64)\n-----END \(label)-----\n"
    }

    private static func make<Key>(_ body: () throws -> Key) -> Key {
        do {
            return try body()
        } catch {
            fatalError("cannot make a test key: \(error)")
        }
    }
}

/// Decodes a base64url segment (no padding).
func base64URLDecode(_ text: some StringProtocol) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64)
}
