import Crypto
import Foundation

/// The HMAC arithmetic the signature schemes share, on swift-crypto.
enum WebhookMAC {
    static func mac(_ message: [UInt8], key: [UInt8], algorithm: SignatureScheme.Algorithm) -> [UInt8] {
        let symmetric = SymmetricKey(data: key)
        switch algorithm {
        case .sha1: return Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: symmetric))
        case .sha256: return Array(HMAC<SHA256>.authenticationCode(for: message, using: symmetric))
        case .sha512: return Array(HMAC<SHA512>.authenticationCode(for: message, using: symmetric))
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func encode(_ bytes: [UInt8], _ encoding: SignatureScheme.Encoding) -> String {
        switch encoding {
        case .hex: hex(bytes)
        case .base64: Data(bytes).base64EncodedString()
        }
    }
}
