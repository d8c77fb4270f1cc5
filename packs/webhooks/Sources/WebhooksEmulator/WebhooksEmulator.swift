import Crypto
public import EmulatorKit
import Foundation
public import StructuredData

/// A webhook subscriber on loopback, the stand-in for the endpoints `job.webhooks.*` post to: it accepts
/// `POST /hooks/<name>`, checks the `Cordum-Signature` (`t=<ts>,v1=<hex HMAC-SHA256 of "<t>.<body>">`) against
/// ``WebhooksDemo/signingSecret`` — independently of WorkerKit's signer, so a signing bug fails the tests — answers
/// 401 to a missing or wrong signature, 400 to a body that is not a JSON object, and records each delivery once per
/// `Webhook-Id` (a redelivery answers 200 with `"duplicate": true`). EmulatorKit adds `/_emulator/…` (request log,
/// faults, reset).
public enum WebhooksEmulator {
    /// What the subscriber received.
    public struct Inbox: Sendable, Hashable {
        /// The deliveries by `Webhook-Id`, first receipt only.
        public var deliveries: [String: JSONValue] = [:]
        /// The order they arrived in.
        public var order: [String] = []
        /// Pings received.
        public var pings = 0
    }

    /// The definition: the inbox, the routes, JSON fault bodies, and the worker settings that reach it.
    public static func definition() throws -> EmulatorDefinition<SeededState<Inbox>> {
        let state = try SeededState(Inbox()) { _ in }
        return EmulatorDefinition(
            name: "webhooks",
            state: state,
            demo: "subscriber accepting signed POST /hooks/<name>"
        ) { request in
            respond(request, state: state)
        }
        .faultBody { status in ["ok": false, "error": .string(HTTPStatusText.phrase(status))] }
        .requestIDs(RequestIDPolicy(header: "x-request-id"))
        .settings { baseURL in
            ["CORDUM_WEBHOOKS_BASE_URL": baseURL, "CORDUM_WEBHOOKS_SIGNING_SECRET": WebhooksDemo.signingSecret]
        }
    }

    static func respond(_ request: EmulatorRequest, state: SeededState<Inbox>) -> EmulatorResponse {
        let segments = request.pathSegments
        guard segments.count == 2, segments[0] == "hooks", !segments[1].isEmpty else {
            return .json(["ok": false, "error": "no such hook"], status: 404)
        }
        guard request.method == "POST" else { return .json(["ok": false, "error": "POST only"], status: 405) }
        guard verify(request.header("cordum-signature"), body: request.body, now: Date()) else {
            return .json(["ok": false, "error": "invalid signature"], status: 401)
        }
        guard case .object(let body)? = try? request.jsonBody() else {
            return .json(["ok": false, "error": "the body must be a JSON object"], status: 400)
        }
        if request.header("webhook-event") == "ping" || body["type"] == "ping" {
            state.withLock { $0.pings += 1 }
            // A ping changes nothing here: the request log counts it as a read.
            return .json(["ok": true, "challenge": "pong"], headers: [RecordedRequest.readOnlyHeader: "true"])
        }
        guard let id = request.header("webhook-id"), !id.isEmpty else {
            return .json(["ok": false, "error": "Webhook-Id is required"], status: 400)
        }
        let duplicate = state.withLock { inbox -> Bool in
            guard inbox.deliveries[id] == nil else { return true }
            inbox.deliveries[id] = .object(body)
            inbox.order.append(id)
            return false
        }
        return .json(["ok": true, "duplicate": .bool(duplicate)], status: duplicate ? 200 : 202)
    }

    /// The subscriber's own check of `t=<ts>,v1=<hex>` within five minutes.
    static func verify(_ header: String?, body: [UInt8], now: Date) -> Bool {
        guard let header else { return false }
        var timestamp: Int64?
        var signatures: [String] = []
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[0] == "t" { timestamp = Int64(pair[1]) }
            if pair[0] == "v1" { signatures.append(pair[1]) }
        }
        guard let timestamp, abs(Int64(now.timeIntervalSince1970) - timestamp) <= 300 else { return false }
        let key = SymmetricKey(data: Array(WebhooksDemo.signingSecret.utf8))
        return signatures.contains { signature in
            guard let mac = hexBytes(signature) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(
                mac,
                authenticating: Array("\(timestamp).".utf8) + body,
                using: key
            )
        }
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }

    /// The registration packctl and the conformance suite start.
    public static let registration = EmulatorRegistration.seeded(packID: "webhooks") { try definition() }
}

/// The demo set-up `packctl dev` and the tests use.
public enum WebhooksDemo {
    /// The signing secret the subscriber shares with the worker's default profile.
    public static let signingSecret = "whsec-demo-0123456789abcdef-subscriber"
}
