import Crypto

/// SHA-256 as lowercase hex, the digest form used throughout the host.
enum Hashing {
    /// The SHA-256 of `text`'s UTF-8 bytes.
    static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// The SHA-256 of `bytes`.
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    private static let digits = Array("0123456789abcdef".utf8)
}
