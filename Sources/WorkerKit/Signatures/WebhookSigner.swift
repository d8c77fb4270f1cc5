public import Foundation

/// Signs a request the way a scheme's sender does: the headers (name, value) to send with `body`. Outbound
/// deliveries use it, and tests use it to play a vendor.
///
/// ```swift
/// let headers = WebhookSigner(.timestamped(header: "Cordum-Signature"), secret: secret)
///     .headers(for: body, at: Date())
/// ```
public struct WebhookSigner: Sendable {
    /// The scheme.
    public let scheme: SignatureScheme
    private let secret: [UInt8]

    /// A signer.
    /// - Parameters:
    ///   - scheme: The scheme.
    ///   - secret: The shared secret (the token for `gitlab` and `bearer`).
    public init(_ scheme: SignatureScheme, secret: String) {
        self.scheme = scheme
        self.secret = Array(secret.utf8)
    }

    /// The headers that sign `body` at `time`.
    /// - Parameters:
    ///   - body: The exact bytes sent.
    ///   - time: The signing time (used by the timestamped schemes).
    public func headers(for body: [UInt8], at time: Date) -> [(name: String, value: String)] {
        let seconds = String(Int64(time.timeIntervalSince1970.rounded(.down)))
        let secretText = String(decoding: secret, as: UTF8.self)
        switch scheme {
        case .github:
            return [("X-Hub-Signature-256", "sha256=" + hex(body))]
        case .gitlab:
            return [("X-Gitlab-Token", secretText)]
        case .slack:
            return [
                ("X-Slack-Request-Timestamp", seconds),
                ("X-Slack-Signature", "v0=" + hex(Array("v0:\(seconds):".utf8) + body)),
            ]
        case .pagerduty:
            return [("X-PagerDuty-Signature", "v1=" + hex(body))]
        case .sentry:
            return [("Sentry-Hook-Signature", hex(body)), ("Sentry-Hook-Timestamp", seconds)]
        case .timestamped(let header):
            return [(header, "t=\(seconds),v1=" + hex(Array("\(seconds).".utf8) + body))]
        case .hmac(let generic):
            var message = body
            var headers: [(name: String, value: String)] = []
            if let timestampHeader = generic.timestampHeader {
                message = Array("\(seconds)\(generic.separator)".utf8) + body
                headers.append((timestampHeader, seconds))
            }
            let mac = WebhookMAC.mac(message, key: secret, algorithm: generic.algorithm)
            headers.append((generic.header, generic.prefix + WebhookMAC.encode(mac, generic.encoding)))
            return headers
        case .bearer:
            return [("Authorization", "Bearer \(secretText)")]
        }
    }

    private func hex(_ message: [UInt8]) -> String {
        WebhookMAC.hex(WebhookMAC.mac(message, key: secret, algorithm: .sha256))
    }
}
