import Crypto
import Foundation
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

    /// The header value for `body` signed at `time` with `secret`.
    public static func sign(_ body: [UInt8], secret: String, at time: Timestamp) -> String {
        let seconds = time.milliseconds / 1000
        return "t=\(seconds),v1=\(mac(body, secret: secret, seconds: seconds))"
    }

    /// Checks a header value against `body` and `secret` at `now`.
    /// - Throws: `unauthenticated` when the header is malformed, the timestamp is outside the tolerance, or no
    ///   `v1` signature matches.
    public static func verify(_ header: String?, body: [UInt8], secret: String, now: Timestamp) throws(HostError) {
        guard let header, !header.isEmpty else {
            throw HostError(.unauthenticated, "\(Self.header) is required: t=<unix seconds>,v1=<hex HMAC-SHA256>")
        }
        var seconds: Int64?
        var candidates: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { seconds = Int64(pair[1]) }
            if pair[0] == "v1" { candidates.append(pair[1].lowercased()) }
        }
        guard let seconds, !candidates.isEmpty else {
            throw HostError(.unauthenticated, "\(Self.header) must be t=<unix seconds>,v1=<hex HMAC-SHA256>")
        }
        let skew = abs(now.milliseconds / 1000 - seconds)
        guard skew <= tolerance else {
            throw HostError(
                .unauthenticated,
                "the signature's timestamp is \(skew) seconds away from the host's clock; at most \(tolerance) are "
                    + "accepted (sign each request when it is sent)"
            )
        }
        let expected = Array(mac(body, secret: secret, seconds: seconds).utf8)
        // Compared in constant time, so the comparison leaks nothing about the expected value.
        let matches = candidates.contains { candidate in
            let given = Array(candidate.utf8)
            guard given.count == expected.count else { return false }
            return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
        }
        guard matches else { throw HostError(.unauthenticated, "the \(Self.header) signature does not match") }
    }

    private static func mac(_ body: [UInt8], secret: String, seconds: Int64) -> String {
        var message = Array("\(seconds).".utf8)
        message += body
        let code = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }
}
