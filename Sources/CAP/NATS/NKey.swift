import Crypto
import Foundation

/// A NATS NKey from its seed (`SU…` for a user): the Ed25519 key that signs the server's nonce, and the public key
/// (`U…`) the server knows the user by.
///
/// A seed is base32 (RFC 4648, no padding) of two prefix bytes, the 32-byte Ed25519 seed and a CRC-16 (XMODEM,
/// little-endian) of what precedes it; a public key is base32 of its prefix byte, the 32-byte key and the CRC.
struct NKey {
    /// The prefix byte of seeds (`S`).
    static let seedPrefix: UInt8 = 18 << 3
    /// The prefix byte of user public keys (`U`).
    static let userPrefix: UInt8 = 20 << 3

    let privateKey: Curve25519.Signing.PrivateKey
    /// The public key, encoded (`U…` for a user).
    let publicKey: String

    /// Decodes a seed.
    /// - Throws: ``NATSError`` `invalidCredentials` (the message never repeats the seed).
    init(seed: String) throws(NATSError) {
        let text = seed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Base32.decode(text), raw.count == 36, Self.checksumIsValid(raw) else {
            throw NATSError(.invalidCredentials, "The NKey seed is not a valid base32 seed with a matching checksum.")
        }
        let prefix = raw[0] & 0b1111_1000
        let keyType = (raw[0] & 0b0000_0111) << 5 | (raw[1] & 0b1111_1000) >> 3
        guard prefix == Self.seedPrefix else {
            throw NATSError(.invalidCredentials, "The NKey is not a seed (a seed starts with S).")
        }
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: raw[2..<34])
        } catch {
            throw NATSError(.invalidCredentials, "The NKey seed does not hold a valid Ed25519 key.")
        }
        publicKey = Self.encode(prefix: [keyType], payload: Array(privateKey.publicKey.rawRepresentation))
    }

    /// The signature of `nonce` as the server expects it in `CONNECT`'s `sig`: base64url without padding.
    func sign(nonce: String) throws(NATSError) -> String {
        do {
            let signature = try privateKey.signature(for: Array(nonce.utf8))
            return Base64URL.encode(Array(signature))
        } catch {
            throw NATSError(.invalidCredentials, "Signing the server's nonce with the NKey failed.")
        }
    }

    /// The prefix byte of operator public keys (`O`).
    static let operatorPrefix: UInt8 = 14 << 3
    /// The prefix byte of account public keys (`A`).
    static let accountPrefix: UInt8 = 0

    /// A new user seed (`SU…`), as `nk -gen user` makes one.
    static func generateUserSeed() -> String { generateSeed(type: userPrefix) }

    /// A new seed of the key type whose public prefix byte is `type` (`SU…`, `SO…`, `SA…`).
    static func generateSeed(type: UInt8) -> String {
        let raw = Curve25519.Signing.PrivateKey().rawRepresentation
        let first = seedPrefix | type >> 5
        let second = (type & 0b0001_1111) << 3
        return encode(prefix: [first, second], payload: Array(raw))
    }

    static func encode(prefix: [UInt8], payload: [UInt8]) -> String {
        let body = prefix + payload
        let crc = CRC16.xmodem(body)
        return Base32.encode(body + [UInt8(crc & 0xFF), UInt8(crc >> 8)])
    }

    private static func checksumIsValid(_ raw: [UInt8]) -> Bool {
        let body = Array(raw.dropLast(2))
        let crc = UInt16(raw[raw.count - 2]) | UInt16(raw[raw.count - 1]) << 8
        return CRC16.xmodem(body) == crc
    }
}

/// CRC-16/XMODEM (polynomial 0x1021, initial value 0), the checksum of NKeys.
enum CRC16 {
    static func xmodem(_ bytes: [UInt8]) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc ^= UInt16(byte) << 8
            for _ in 0..<8 {
                crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
            }
        }
        return crc
    }
}

/// RFC 4648 base32 without padding, as NKeys are written.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var result: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                result.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 0x1F)])
                bits -= 5
            }
        }
        if bits > 0 { result.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)]) }
        return String(decoding: result, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var result: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.utf8 where character != UInt8(ascii: "=") {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                result.append(UInt8((buffer >> UInt32(bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return result
    }
}

/// Base64url without padding, as NATS wants the nonce signature.
enum Base64URL {
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let count = min(3, bytes.count - index)
            let value =
                UInt32(bytes[index]) << 16 | UInt32(count > 1 ? bytes[index + 1] : 0) << 8
                | UInt32(count > 2 ? bytes[index + 2] : 0)
            for position in 0...count {
                result.append(alphabet[Int((value >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: result, as: UTF8.self)
    }
}
