import Crypto

/// SHA-256 as lowercase hex, the digest form used throughout the host.
enum Hashing {
    /// The SHA-256 of `text`'s UTF-8 bytes.
    static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// The SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
