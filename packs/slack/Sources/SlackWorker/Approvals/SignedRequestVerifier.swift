import Crypto
public import Foundation
import Synchronization

/// Verifies webhook requests signed the way Slack signs them (and others alike): a header carries
/// `<version>=<hex HMAC-SHA256>` of `<version>:<timestamp>:<raw body>` under a shared signing secret, and another
/// the Unix timestamp. Requests older (or newer) than the window are refused, and so is any signature seen before
/// within the window (a replay), so a captured request cannot decide twice.
///
/// Written here on swift-crypto's `HMAC<SHA256>` (whose check compares in constant time): no package of the
/// machine's list verifies Slack signatures, and the rule is a few lines.
///
/// ```swift
/// let verifier = SignedRequestVerifier(secret: signingSecret)
/// try verifier.verify(timestamp: headers["x-slack-request-timestamp"], signature: headers["x-slack-signature"],
///                     body: rawBody, now: Date())
/// ```
public final class SignedRequestVerifier: Sendable {
    /// Why a request was refused.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// The timestamp or signature header is missing or malformed.
        case malformed(String)
        /// The timestamp is outside the window.
        case stale(seconds: Int)
        /// The signature does not match.
        case badSignature
        /// The same signature was accepted before.
        case replay

        public var description: String {
            switch self {
            case .malformed(let what): "the request is not signed: \(what)"
            case .stale(let seconds):
                "the request's timestamp is \(seconds) s away from now, outside the 5-minute window"
            case .badSignature: "the request's signature does not match the signing secret"
            case .replay: "the request was already received (a replay)"
            }
        }
    }

    private let key: SymmetricKey
    private let version: String
    private let window: Int
    private let seen = Mutex<[String: Int]>([:])

    /// A verifier.
    /// - Parameters:
    ///   - secret: The signing secret.
    ///   - version: The signature version (`v0`).
    ///   - windowSeconds: How far the timestamp may be from now (300).
    public init(secret: String, version: String = "v0", windowSeconds: Int = 300) {
        self.key = SymmetricKey(data: Data(secret.utf8))
        self.version = version
        self.window = windowSeconds
    }

    /// Checks a request; on success remembers its signature for the window.
    /// - Parameters:
    ///   - timestamp: The timestamp header (`X-Slack-Request-Timestamp`).
    ///   - signature: The signature header (`X-Slack-Signature`).
    ///   - body: The raw body, exactly as received.
    ///   - now: The current time.
    /// - Throws: ``Refusal``.
    public func verify(timestamp: String?, signature: String?, body: [UInt8], now: Date) throws(Refusal) {
        guard let timestamp, let seconds = Int(timestamp) else {
            throw .malformed("no numeric timestamp header")
        }
        guard let signature, signature.hasPrefix("\(version)="),
            let mac = Self.bytes(hex: String(signature.dropFirst(version.count + 1))), mac.count == 32
        else { throw .malformed("no \(version)= signature header") }
        let nowSeconds = Int(now.timeIntervalSince1970)
        guard abs(nowSeconds - seconds) <= window else { throw .stale(seconds: abs(nowSeconds - seconds)) }
        let base = Array("\(version):\(timestamp):".utf8) + body
        guard HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: base, using: key) else {
            throw .badSignature
        }
        let fresh = seen.withLock { seen -> Bool in
            seen = seen.filter { nowSeconds - $0.value <= window }
            guard seen[signature] == nil else { return false }
            seen[signature] = seconds
            return true
        }
        guard fresh else { throw .replay }
    }

    /// The signature of `body` at `timestamp` (`v0=<hex>`), as the sender computes it.
    public func signature(timestamp: String, body: [UInt8]) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array("\(version):\(timestamp):".utf8) + body, using: key)
        return "\(version)=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    static func bytes(hex: String) -> [UInt8]? {
        guard hex.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
