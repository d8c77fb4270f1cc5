import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import Testing

/// A loopback webhook receiver for tests: fails the first `failures` requests, then records every body whose
/// signature it verified itself (HMAC-SHA256 over "<t>.<body>", computed here, not with the host's code).
final class WebhookReceiver: Sendable {
    struct State {
        var failuresLeft: Int
        var received: [String] = []
        var badSignatures = 0
        var requests = 0
    }

    let secret: String
    let answer: HTTPResponse.Status
    private let state: Mutex<State>

    init(secret: String, failures: Int, answer: HTTPResponse.Status = .serviceUnavailable) {
        self.secret = secret
        self.answer = answer
        state = Mutex(State(failuresLeft: failures))
    }

    var received: [String] { state.withLock { $0.received } }
    var badSignatures: Int { state.withLock { $0.badSignatures } }
    var requests: Int { state.withLock { $0.requests } }

    /// Runs the receiver on a loopback port for the duration of `body`.
    func serve(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let text = String(buffer: buffer)
            let valid = self.verify(request.headers[HTTPField.Name("Cordum-Signature")!], body: text)
            let fail = self.state.withLock { state -> Bool in
                state.requests += 1
                if !valid { state.badSignatures += 1 }
                if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    return true
                }
                state.received.append(text)
                return false
            }
            return Response(
                status: fail ? self.answer : .ok,
                body: ResponseBody(byteBuffer: ByteBuffer(string: "nope"))
            )
        }
        try await Application(router: router).test(.live) { client in try await body(try #require(client.port)) }
    }

    private func verify(_ header: String?, body: String) -> Bool {
        guard let header else { return false }
        var fields: [String: String] = [:]
        for part in header.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2 { fields[String(pair[0])] = String(pair[1]) }
        }
        guard let t = fields["t"], let v1 = fields["v1"] else { return false }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Array("\(t).\(body)".utf8),
            using: SymmetricKey(data: Array(secret.utf8))
        )
        return mac.map { String(format: "%02x", $0) }.joined() == v1
    }
}
