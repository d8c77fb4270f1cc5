import Crypto
import CryptoExtras
import Testing
import WorkerKit

@Suite("JWT signing keys: bad PEM")
struct JWTKeyErrorTests {
    static let damaged =
        "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAsecretSECRETsecret\n-----END PRIVATE KEY-----"

    static let cases: [(name: String, pem: String, algorithm: JWTSigningKey.Algorithm?, code: CredentialError.Code)] = [
        ("not PEM", "just some text", nil, .invalidKey),
        ("empty", "", nil, .invalidKey),
        ("damaged body", damaged, nil, .invalidKey),
        ("unknown block", AuthTestKeys.pem("DSA PRIVATE KEY", [1, 2, 3]), nil, .invalidKey),
        ("public key", AuthTestKeys.rsa.publicKey.pemRepresentation, nil, .publicKeyGiven),
        ("certificate", AuthTestKeys.pem("CERTIFICATE", [0x30, 0x00]), nil, .publicKeyGiven),
        ("encrypted", AuthTestKeys.pem("ENCRYPTED PRIVATE KEY", [0x30, 0x00]), nil, .encryptedKey),
        ("openssh", AuthTestKeys.pem("OPENSSH PRIVATE KEY", [0x6F, 0x70]), nil, .unsupportedKey),
        ("RSA 1024", AuthTestKeys.smallRSA.pemRepresentation, nil, .keyTooSmall),
        ("RSA 1024 PKCS#8", AuthTestKeys.smallRSA.pkcs8PEMRepresentation, nil, .keyTooSmall),
        ("P-384", P384.Signing.PrivateKey().pemRepresentation, nil, .unsupportedKey),
        ("RSA for ES256", AuthTestKeys.rsa.pemRepresentation, .es256, .unsupportedKey),
        ("P-256 for RS256", AuthTestKeys.p256.pemRepresentation, .rs256, .unsupportedKey),
    ]

    @Test(arguments: cases.indices)
    func badKeysNameTheFieldAndNeverTheKey(index: Int) {
        let (name, pem, algorithm, code) = Self.cases[index]
        do {
            _ = try JWTSigningKey(pem: pem, field: "app_private_key", algorithm: algorithm)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.code == code, "\(name): \(error)")
            #expect(error.field == "app_private_key")
            #expect(error.message.hasPrefix("app_private_key "))
            // Nothing of the key's content is repeated.
            let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
            for line in body where line.count >= 8 {
                #expect(!error.message.contains(line.prefix(16)), "\(name): \(error.message)")
            }
            #expect(!error.message.contains("secret"))
        }
    }

    @Test func smallRSAKeysAreRefusedWhenWrappedToo() {
        #expect(throws: CredentialError.self) { try JWTSigningKey(rsa: AuthTestKeys.smallRSA, field: "key") }
    }
}
