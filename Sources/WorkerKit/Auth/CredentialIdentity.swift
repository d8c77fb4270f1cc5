import Crypto

/// Who a credential acts as, for the caches that must never serve one credential's answers or tokens to another:
/// a keyed SHA-256 (HMAC) of the credential's parts — a token and its scheme; an App id, installation id and key
/// fingerprint; a client id, secret and token URL — never the profile name that happens to carry it.
///
/// The digest is keyed with a random key made once per process, so a digest that ends up somewhere cannot confirm
/// a guessed password; identities are therefore only comparable within one process, which is all an in-memory
/// cache needs. The description shows a short prefix of the digest and nothing of the credential.
public struct CredentialIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The hex digest (64 characters).
    public let digest: String

    /// The identity of a credential.
    /// - Parameters:
    ///   - kind: What sort of credential it is (`bearer`, `basic`, `jwt-exchange`, …); two kinds never collide.
    ///   - parts: Everything that makes the credential act as someone: secrets, ids, key fingerprints, token URLs.
    ///     Each part is length-prefixed, so `["ab", "c"]` and `["a", "bc"]` differ.
    public init(kind: String, parts: [String]) {
        var hmac = HMAC<SHA256>(key: Self.processKey)
        for part in [kind] + parts {
            let bytes = Array(part.utf8)
            var length = UInt64(bytes.count).bigEndian
            withUnsafeBytes(of: &length) { hmac.update(data: Array($0)) }
            hmac.update(data: bytes)
        }
        digest = Self.hex(Array(hmac.finalize()))
    }

    /// No credential at all (anonymous requests).
    public static let anonymous = CredentialIdentity(kind: "anonymous", parts: [])

    public var description: String { "credential:\(digest.prefix(12))" }

    /// The SHA-256 fingerprint of public material (a public key's DER bytes), as hex; safe to log.
    /// - Parameter bytes: The bytes.
    public static func fingerprint(_ bytes: some Sequence<UInt8>) -> String {
        hex(Array(SHA256.hash(data: Array(bytes))))
    }

    private static let processKey = SymmetricKey(size: .bits256)

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }
}
