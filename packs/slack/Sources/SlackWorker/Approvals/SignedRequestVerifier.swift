public import Foundation
import WorkerKit

/// Verifies webhook requests signed the way Slack signs them (and others alike): a header carries
/// `<version>=<hex HMAC-SHA256>` of `<version>:<timestamp>:<raw body>` under a shared signing secret, and another
/// the Unix timestamp. Requests older (or newer) than the window are refused, and so is any signature seen before
/// within the window (a replay), so a captured request cannot decide twice.
///
/// Slack's rule over WorkerKit's shared verifier (`WebhookVerifier` with the `slack` scheme, constant-time
/// comparison) and its `ReplayWindow`; this type keeps the refusals the approval receiver answers with.
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

    private let verifier: WebhookVerifier
    private let signer: WebhookSigner
    private let replays: ReplayWindow
    private let window: Int

    /// A verifier.
    /// - Parameters:
    ///   - secret: The signing secret.
    ///   - windowSeconds: How far the timestamp may be from now (300).
    public init(secret: String, windowSeconds: Int = 300) {
        self.verifier = WebhookVerifier(.slack, secrets: [secret], tolerance: Int64(windowSeconds))
        self.signer = WebhookSigner(.slack, secret: secret)
        self.replays = ReplayWindow(seconds: Int64(windowSeconds))
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
        let headers = ["x-slack-request-timestamp": timestamp, "x-slack-signature": signature]
        let verified: WebhookVerifier.Verified
        do {
            verified = try verifier.verify(header: { headers[$0.lowercased()] ?? nil }, body: body, now: now)
        } catch {
            switch error.code {
            case .stale:
                let seconds = Int(timestamp ?? "") ?? 0
                throw .stale(seconds: abs(Int(now.timeIntervalSince1970) - seconds))
            case .mismatch: throw .badSignature
            case .replay: throw .replay
            case .missingHeader, .malformed: throw .malformed(error.message)
            }
        }
        do {
            try replays.record(verified.signature, now: Int64(now.timeIntervalSince1970))
        } catch {
            throw .replay
        }
    }

    /// The signature of `body` at `timestamp` (`v0=<hex>`), as the sender computes it.
    public func signature(timestamp: String, body: [UInt8]) -> String {
        let seconds = TimeInterval(Int64(timestamp) ?? 0)
        return signer.headers(for: body, at: Date(timeIntervalSince1970: seconds)).first {
            $0.name == "X-Slack-Signature"
        }?
        .value ?? ""
    }
}
