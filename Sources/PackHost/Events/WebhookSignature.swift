import Foundation
import WorkerKit
public import WorkflowEngine

/// The signature on webhook deliveries and on approval callbacks: the header `Cordum-Signature:
/// t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the shared secret>`, as Stripe-style webhooks
/// sign. A receiver recomputes the HMAC over the exact bytes received and refuses a timestamp more than
/// ``tolerance`` away from its clock, so a captured request cannot be replayed later.
public enum WebhookSignature {
    /// The header carrying the signature.
    public static let header = "Cordum-Signature"
    /// How far a signature's timestamp may be from the receiver's clock (5 minutes).
    public static let tolerance: Int64 = 300

    /// The header value for `body` signed at `time` with `secret` (WorkerKit's ``WebhookSigner``, the
    /// `timestamped` scheme).
    public static func sign(_ body: [UInt8], secret: String, at time: Timestamp) -> String {
        let date = Date(timeIntervalSince1970: Double(time.milliseconds / 1000))
        return WebhookSigner(.timestamped(header: header), secret: secret).headers(for: body, at: date)[0].value
    }

    /// Checks a header value against `body` and `secret` at `now` (WorkerKit's ``WebhookVerifier``: constant-time
    /// comparison, ``tolerance`` seconds).
    /// - Throws: `unauthenticated` when the header is missing or malformed, the timestamp is outside the tolerance,
    ///   or no `v1` signature matches.
    public static func verify(_ header: String?, body: [UInt8], secret: String, now: Timestamp) throws(HostError) {
        let verifier = WebhookVerifier(.timestamped(header: Self.header), secrets: [secret], tolerance: tolerance)
        let date = Date(timeIntervalSince1970: Double(now.milliseconds / 1000))
        do {
            _ = try verifier.verify(header: { _ in header }, body: body, now: date)
        } catch {
            let hint =
                error.code == .stale
                ? " (sign each request when it is sent)"
                : error.code == .missingHeader
                    ? ": t=<unix seconds>,v1=<hex HMAC-SHA256>" : ""
            throw HostError(.unauthenticated, error.message + hint)
        }
    }
}
