import Foundation
import Testing
import WorkerKit

/// The webhook signature schemes against fixed vectors: the examples GitHub and Slack publish in their
/// documentation, and for the vendors that publish none (PagerDuty, Sentry, the `t=,v1=` scheme, generic HMAC)
/// values computed independently with `openssl dgst -hmac`, so a change in the signed bytes or the encoding fails.
@Suite("Webhook signatures")
struct WebhookVerifierTests {
    /// Header lookup over a dictionary, case-insensitive as HTTP headers are.
    static func lookup(_ headers: [String: String]) -> (String) -> String? {
        let lowered = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        return { lowered[$0.lowercased()] }
    }

    // GitHub, "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
    static let githubSecret = "It's a Secret to Everybody"
    static let githubSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"

    // Slack, "Verifying requests from Slack": the slash-command example.
    static let slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
    static let slackTimestamp = "1531420618"
    static let slackBody =
        "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    static let slackSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"

    @Test("GitHub's published example verifies, and the signer reproduces it")
    func github() throws {
        let body = Array("Hello, World!".utf8)
        let verifier = WebhookVerifier(.github, secrets: [Self.githubSecret])
        _ = try verifier.verify(
            header: Self.lookup(["X-Hub-Signature-256": Self.githubSignature]),
            body: body,
            now: Date()
        )
        let signed = WebhookSigner(.github, secret: Self.githubSecret).headers(for: body, at: Date())
        #expect(signed.first?.value == Self.githubSignature)
        #expect(throws: SignatureRefusal.self) {
            _ = try verifier.verify(
                header: Self.lookup(["X-Hub-Signature-256": Self.githubSignature]),
                body: Array("Hello, World?".utf8),
                now: Date()
            )
        }
    }

    @Test("Slack's published example verifies at its time and is stale five minutes later")
    func slack() throws {
        let body = Array(Self.slackBody.utf8)
        let headers = Self.lookup([
            "X-Slack-Request-Timestamp": Self.slackTimestamp, "X-Slack-Signature": Self.slackSignature,
        ])
        let verifier = WebhookVerifier(.slack, secrets: [Self.slackSecret])
        let at = Date(timeIntervalSince1970: 1_531_420_618 + 10)
        #expect(try verifier.verify(header: headers, body: body, now: at).timestamp == 1_531_420_618)
        let signed = WebhookSigner(.slack, secret: Self.slackSecret)
            .headers(for: body, at: Date(timeIntervalSince1970: 1_531_420_618))
        #expect(signed.first { $0.name == "X-Slack-Signature" }?.value == Self.slackSignature)
        let refusal = #expect(throws: SignatureRefusal.self) {
            _ = try verifier.verify(header: headers, body: body, now: at.addingTimeInterval(301))
        }
        #expect(refusal?.code == .stale)
    }

    @Test("PagerDuty: any v1= entry of the header may match (secret rotation)")
    func pagerduty() throws {
        let body = Array(#"{"event":{"id":"01DEN7Y6S8Y7P1","event_type":"incident.triggered"}}"#.utf8)
        let good = "v1=f0daa46f2d167d56451456221aacf3cabb80b1d937e3dfc7c79d4ec48a69dde0"
        let verifier = WebhookVerifier(.pagerduty, secrets: ["pd-webhook-secret-0123456789"])
        _ = try verifier.verify(
            header: Self.lookup(["X-PagerDuty-Signature": "v1=\(String(repeating: "0", count: 64)),\(good)"]),
            body: body,
            now: Date()
        )
        let refusal = #expect(throws: SignatureRefusal.self) {
            _ = try verifier.verify(
                header: Self.lookup(["X-PagerDuty-Signature": "sha256=abc"]),
                body: body,
                now: Date()
            )
        }
        #expect(refusal?.code == .malformed)
    }

    @Test("Sentry: the hex HMAC of the body in Sentry-Hook-Signature")
    func sentry() throws {
        let body = Array(#"{"action":"created","data":{"issue":{"id":"1117540176"}}}"#.utf8)
        let signature = "8605fb2c22ba7cb5e322de8130efb2292d46c9e722ef49aa12bd245d5f50a172"
        let verifier = WebhookVerifier(.sentry, secrets: ["sentry-client-secret-0123456789"])
        _ = try verifier.verify(header: Self.lookup(["Sentry-Hook-Signature": signature]), body: body, now: Date())
        let refusal = #expect(throws: SignatureRefusal.self) {
            _ = try verifier.verify(header: Self.lookup([:]), body: body, now: Date())
        }
        #expect(refusal?.code == .missingHeader)
        #expect(refusal?.header == "Sentry-Hook-Signature")
    }

    @Test("t=,v1=: the fixed vector, the tolerance, and a second secret during rotation")
    func timestamped() throws {
        let body = Array(#"{"id":"evt_1","type":"invoice.paid"}"#.utf8)
        let header = "t=1492774577,v1=3be8139e2196a580f0d81a26f1eb02bfcd64b7493309c1cec7252c5393de673d"
        let verifier = WebhookVerifier(
            .timestamped(header: "Stripe-Signature"),
            secrets: ["an-older-secret-0123456789", "whsec_test_secret_0123456789"]
        )
        let at = Date(timeIntervalSince1970: 1_492_774_577)
        #expect(
            try verifier.verify(header: Self.lookup(["Stripe-Signature": header]), body: body, now: at).timestamp
                == 1_492_774_577
        )
        let stale = #expect(throws: SignatureRefusal.self) {
            _ = try verifier.verify(
                header: Self.lookup(["Stripe-Signature": header]),
                body: body,
                now: at.addingTimeInterval(-301)
            )
        }
        #expect(stale?.code == .stale)
        let signed = WebhookSigner(.timestamped(header: "Stripe-Signature"), secret: "whsec_test_secret_0123456789")
            .headers(for: body, at: at)
        #expect(signed.first?.value == header)
    }

    @Test("generic HMAC: SHA-1 base64 of the body, and SHA-512 hex over a timestamp header")
    func generic() throws {
        let body = Array(#"{"a":1}"#.utf8)
        let sha1 = WebhookVerifier(
            .hmac(.init(header: "X-Signature", algorithm: .sha1, encoding: .base64, prefix: "sha1=")),
            secrets: ["generic-secret-0123456789"]
        )
        _ = try sha1.verify(
            header: Self.lookup(["X-Signature": "sha1=VYHsLDiKDAqO8/4YkWogLFYeKJk="]),
            body: body,
            now: Date()
        )
        let scheme = SignatureScheme.hmac(
            .init(header: "X-Sig", algorithm: .sha512, timestampHeader: "X-Timestamp", separator: ":")
        )
        let sha512 = WebhookVerifier(scheme, secrets: ["generic-secret-0123456789"], tolerance: 60)
        let headers = Self.lookup([
            "X-Timestamp": "1700000000",
            "X-Sig":
                "e9d6f3a529bbf762ec233d6ec56147a8f8d3f14d55ab6dc054bfd391ca79375c0a4c829c17749b406cc45fcc599facc3e2d760ef234b7ef64ae9f429e982979b",
        ])
        _ = try sha512.verify(header: headers, body: body, now: Date(timeIntervalSince1970: 1_700_000_030))
        let stale = #expect(throws: SignatureRefusal.self) {
            _ = try sha512.verify(header: headers, body: body, now: Date(timeIntervalSince1970: 1_700_000_061))
        }
        #expect(stale?.code == .stale)
        let signed = WebhookSigner(scheme, secret: "generic-secret-0123456789")
            .headers(for: body, at: Date(timeIntervalSince1970: 1_700_000_000))
        _ = try sha512.verify(
            header: Self.lookup(Dictionary(signed.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })),
            body: body,
            now: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    @Test("GitLab and bearer tokens compare whole tokens; a prefix or a wrong token is refused")
    func tokens() throws {
        let gitlab = WebhookVerifier(.gitlab, secrets: ["gl-token-0123456789"])
        _ = try gitlab.verify(header: Self.lookup(["X-Gitlab-Token": "gl-token-0123456789"]), body: [], now: Date())
        for wrong in ["gl-token-012345678", "gl-token-01234567890", "GL-TOKEN-0123456789"] {
            let refusal = #expect(throws: SignatureRefusal.self) {
                _ = try gitlab.verify(header: Self.lookup(["X-Gitlab-Token": wrong]), body: [], now: Date())
            }
            #expect(refusal?.code == .mismatch)
        }
        let bearer = WebhookVerifier(.bearer, secrets: ["bearer-0123456789"])
        _ = try bearer.verify(header: Self.lookup(["Authorization": "Bearer bearer-0123456789"]), body: [], now: Date())
        let malformed = #expect(throws: SignatureRefusal.self) {
            _ = try bearer.verify(header: Self.lookup(["Authorization": "Basic abc"]), body: [], now: Date())
        }
        #expect(malformed?.code == .malformed)
    }

    @Test("refusals never repeat the secret or the expected signature")
    func refusalsKeepSecrets() {
        let secret = "never-show-this-secret-0123"
        let body = Array("x".utf8)
        let expected = WebhookSigner(.github, secret: secret).headers(for: body, at: Date())[0].value
        let refusal = #expect(throws: SignatureRefusal.self) {
            _ = try WebhookVerifier(.github, secrets: [secret]).verify(
                header: Self.lookup(["X-Hub-Signature-256": "sha256=00"]),
                body: body,
                now: Date()
            )
        }
        #expect(refusal.map { !$0.message.contains(secret) && !$0.message.contains(expected) } == true)
    }

    @Test("constant-time equality and the replay window")
    func equalityAndReplays() throws {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "abcd"))
        #expect(!ConstantTime.equals("", "a"))
        let window = ReplayWindow(seconds: 300)
        try window.record("sig-1", now: 1000)
        let replay = #expect(throws: SignatureRefusal.self) { try window.record("sig-1", now: 1200) }
        #expect(replay?.code == .replay)
        try window.record("sig-1", now: 1301)
    }
}
