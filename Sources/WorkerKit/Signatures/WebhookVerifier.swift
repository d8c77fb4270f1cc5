public import Foundation

/// Verifies a signed webhook request under a ``SignatureScheme``: the MAC recomputed over the exact bytes received
/// and compared in constant time (``ConstantTime``), against each of the configured secrets (several during a
/// rotation); a signed timestamp more than ``tolerance`` seconds from now is refused.
///
/// Written here on swift-crypto's HMAC: no package of the machine's list verifies these vendors' headers, and each
/// rule is a few lines; the vendors' published examples are the tests' fixed vectors.
///
/// ```swift
/// let verifier = WebhookVerifier(.github, secrets: [secret])
/// let verified = try verifier.verify(header: { request.headers[$0] }, body: body, now: Date())
/// ```
public struct WebhookVerifier: Sendable {
    /// What a successful check learnt.
    public struct Verified: Sendable, Hashable {
        /// The signed timestamp, for the timestamped schemes.
        public var timestamp: Int64?
        /// The signature that matched (the replay key); for token schemes, a fixed marker.
        public var signature: String
    }

    /// The scheme.
    public let scheme: SignatureScheme
    /// How far a signed timestamp may be from now, in seconds (default 300).
    public let tolerance: Int64
    private let secrets: [[UInt8]]

    /// A verifier.
    /// - Parameters:
    ///   - scheme: The scheme.
    ///   - secrets: The accepted secrets (tokens for `gitlab` and `bearer`); at least one.
    ///   - tolerance: Seconds a signed timestamp may be away from now.
    public init(_ scheme: SignatureScheme, secrets: [String], tolerance: Int64 = 300) {
        self.scheme = scheme
        self.secrets = secrets.filter { !$0.isEmpty }.map { Array($0.utf8) }
        self.tolerance = tolerance
    }

    /// Checks a request.
    /// - Parameters:
    ///   - header: The request's header value by (case-insensitive) name.
    ///   - body: The raw body, exactly as received.
    ///   - now: The current time.
    /// - Throws: ``SignatureRefusal``.
    public func verify(
        header: (String) -> String?,
        body: [UInt8],
        now: Date
    ) throws(SignatureRefusal) -> Verified {
        guard !secrets.isEmpty else {
            throw SignatureRefusal(.mismatch, "no secret is configured, so no request can be verified")
        }
        switch scheme {
        case .github:
            let value = try required(header, "X-Hub-Signature-256")
            guard value.hasPrefix("sha256=") else {
                throw SignatureRefusal(
                    .malformed,
                    header: "X-Hub-Signature-256",
                    "X-Hub-Signature-256 must be sha256=<hex HMAC-SHA256>"
                )
            }
            return try match([String(value.dropFirst(7))], body, "X-Hub-Signature-256", .hex, .sha256)
        case .gitlab:
            return try token(try required(header, "X-Gitlab-Token"), "X-Gitlab-Token")
        case .bearer:
            let value = try required(header, "Authorization")
            guard value.lowercased().hasPrefix("bearer ") else {
                throw SignatureRefusal(.malformed, header: "Authorization", "Authorization must be Bearer <token>")
            }
            return try token(String(value.dropFirst(7)).trimmingCharacters(in: .whitespaces), "Authorization")
        case .slack:
            let timestamp = try timestampValue(header, "X-Slack-Request-Timestamp", now: now)
            let value = try required(header, "X-Slack-Signature")
            guard value.hasPrefix("v0=") else {
                throw SignatureRefusal(
                    .malformed,
                    header: "X-Slack-Signature",
                    "X-Slack-Signature must be v0=<hex HMAC-SHA256>"
                )
            }
            var verified = try match(
                [String(value.dropFirst(3))],
                Array("v0:\(timestamp):".utf8) + body,
                "X-Slack-Signature",
                .hex,
                .sha256
            )
            verified.timestamp = timestamp
            return verified
        case .pagerduty:
            let value = try required(header, "X-PagerDuty-Signature")
            let candidates = value.split(separator: ",").compactMap { part -> String? in
                let trimmed = part.trimmingCharacters(in: .whitespaces)
                return trimmed.hasPrefix("v1=") ? String(trimmed.dropFirst(3)) : nil
            }
            guard !candidates.isEmpty else {
                throw SignatureRefusal(
                    .malformed,
                    header: "X-PagerDuty-Signature",
                    "X-PagerDuty-Signature must hold v1=<hex HMAC-SHA256> entries"
                )
            }
            return try match(candidates, body, "X-PagerDuty-Signature", .hex, .sha256)
        case .sentry:
            return try match(
                [try required(header, "Sentry-Hook-Signature")],
                body,
                "Sentry-Hook-Signature",
                .hex,
                .sha256
            )
        case .timestamped(let name):
            let value = try required(header, name)
            var seconds: Int64?
            var candidates: [String] = []
            for part in value.split(separator: ",") {
                let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                if pair[0] == "t" { seconds = Int64(pair[1]) }
                if pair[0] == "v1" { candidates.append(pair[1]) }
            }
            guard let seconds, !candidates.isEmpty else {
                throw SignatureRefusal(
                    .malformed,
                    header: name,
                    "\(name) must be t=<unix seconds>,v1=<hex HMAC-SHA256>"
                )
            }
            try checkWindow(seconds, now: now, header: name)
            var verified = try match(candidates, Array("\(seconds).".utf8) + body, name, .hex, .sha256)
            verified.timestamp = seconds
            return verified
        case .hmac(let generic):
            var message = body
            var timestamp: Int64?
            if let timestampHeader = generic.timestampHeader {
                let seconds = try timestampValue(header, timestampHeader, now: now)
                message = Array("\(seconds)\(generic.separator)".utf8) + body
                timestamp = seconds
            }
            let value = try required(header, generic.header)
            guard value.hasPrefix(generic.prefix) else {
                throw SignatureRefusal(
                    .malformed,
                    header: generic.header,
                    "\(generic.header) must start with \"\(generic.prefix)\""
                )
            }
            var verified = try match(
                [String(value.dropFirst(generic.prefix.count))],
                message,
                generic.header,
                generic.encoding,
                generic.algorithm
            )
            verified.timestamp = timestamp
            return verified
        }
    }

    private func required(_ header: (String) -> String?, _ name: String) throws(SignatureRefusal) -> String {
        guard let value = header(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else {
            throw SignatureRefusal(.missingHeader, header: name, "the \(scheme.name) scheme needs the \(name) header")
        }
        return value
    }

    private func timestampValue(
        _ header: (String) -> String?,
        _ name: String,
        now: Date
    ) throws(SignatureRefusal) -> Int64 {
        let value = try required(header, name)
        guard let seconds = Int64(value) else {
            throw SignatureRefusal(.malformed, header: name, "\(name) must be a Unix timestamp in seconds")
        }
        try checkWindow(seconds, now: now, header: name)
        return seconds
    }

    private func checkWindow(_ seconds: Int64, now: Date, header: String) throws(SignatureRefusal) {
        let skew = abs(Int64(now.timeIntervalSince1970.rounded(.down)) - seconds)
        guard skew <= tolerance else {
            throw SignatureRefusal(
                .stale,
                header: header,
                "the signed timestamp is \(skew) seconds away from now; at most \(tolerance) are accepted"
            )
        }
    }

    private func token(_ given: String, _ header: String) throws(SignatureRefusal) -> Verified {
        guard secrets.contains(where: { ConstantTime.equals($0, Array(given.utf8)) }) else {
            throw SignatureRefusal(.mismatch, header: header, "the \(header) token does not match")
        }
        return Verified(timestamp: nil, signature: "token")
    }

    private func match(
        _ candidates: [String],
        _ message: [UInt8],
        _ header: String,
        _ encoding: SignatureScheme.Encoding,
        _ algorithm: SignatureScheme.Algorithm
    ) throws(SignatureRefusal) -> Verified {
        for secret in secrets {
            let expected = WebhookMAC.encode(WebhookMAC.mac(message, key: secret, algorithm: algorithm), encoding)
            for candidate in candidates {
                let given = encoding == .hex ? candidate.lowercased() : candidate
                if ConstantTime.equals(given, expected) { return Verified(timestamp: nil, signature: given) }
            }
        }
        throw SignatureRefusal(.mismatch, header: header, "the \(header) signature does not match")
    }
}
