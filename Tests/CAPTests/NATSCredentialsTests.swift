import Crypto
import Foundation
import ServerTesting
import Testing

@testable import CAP

/// A `.creds` file (user JWT and NKey seed) against nats-server in operator mode: an operator, an account and a
/// user made in the test, signed as `nsc` would sign them.
@Suite("NATS .creds against nats-server", .serialized, .timeLimit(.minutes(2)))
struct NATSCredentialsTests {
    /// A signed NATS JWT (`ed25519-nkey`) for `claims`, issued by `issuer`.
    static func jwt(_ claims: [String: Any], issuer: NKey) throws -> String {
        var claims = claims
        claims["iss"] = issuer.publicKey
        claims["iat"] = Int(Date().timeIntervalSince1970)
        claims["jti"] = UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let header = try JSONSerialization.data(withJSONObject: ["typ": "JWT", "alg": "ed25519-nkey"])
        let body = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        let signingInput = Base64URL.encode(Array(header)) + "." + Base64URL.encode(Array(body))
        let signature = try issuer.privateKey.signature(for: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(Array(signature))
    }

    static var unlimited: [String: Any] {
        [
            "subs": -1, "data": -1, "payload": -1, "imports": -1, "exports": -1, "wildcards": true, "conn": -1,
            "leaf": -1,
        ]
    }

    /// nats-server trusting one operator and one account, and the `.creds` of a user of that account.
    static func operatorMode() async throws -> (server: ServerProcess, creds: String, userSeed: String) {
        let operatorKey = try NKey(seed: NKey.generateSeed(type: NKey.operatorPrefix))
        let accountKey = try NKey(seed: NKey.generateSeed(type: NKey.accountPrefix))
        let userSeed = NKey.generateUserSeed()
        let userKey = try NKey(seed: userSeed)
        let operatorJWT = try jwt(
            ["sub": operatorKey.publicKey, "name": "op", "nats": ["type": "operator", "version": 2]],
            issuer: operatorKey
        )
        let accountJWT = try jwt(
            [
                "sub": accountKey.publicKey, "name": "cordum",
                "nats": [
                    "type": "account", "version": 2, "limits": unlimited,
                    "default_permissions": ["pub": [String: Any](), "sub": [String: Any]()],
                ],
            ],
            issuer: operatorKey
        )
        let userJWT = try jwt(
            [
                "sub": userKey.publicKey, "name": "worker",
                "nats": [
                    "type": "user", "version": 2, "subs": -1, "data": -1, "payload": -1,
                    "pub": [String: Any](), "sub": [String: Any](),
                ],
            ],
            issuer: accountKey
        )
        let server = try await ServerProcess.nats(
            configuration: """
                # Only the authentication timeout, which ServerProcess.nats raises for a loaded test machine.
                authorization {
                }
                operator: \(operatorJWT)
                resolver: MEMORY
                resolver_preload: {
                  \(accountKey.publicKey): \(accountJWT)
                }
                """
        )
        let creds = """
            -----BEGIN NATS USER JWT-----
            \(userJWT)
            ------END NATS USER JWT------

            ************************* IMPORTANT *************************
            NKEY Seed printed below can be used to sign and prove identity.
            NKEYs are sensitive and should be treated as secrets.

            -----BEGIN USER NKEY SEED-----
            \(userSeed)
            ------END USER NKEY SEED------
            """
        return (server, creds, userSeed)
    }

    static func connect(_ server: ServerProcess, _ authentication: NATSAuthentication) async throws -> NATSClient {
        var configuration = try NATSConfiguration(url: "nats://127.0.0.1:\(server.port)")
        configuration.authentication = authentication
        configuration.reconnect.enabled = false
        let client = NATSClient(configuration: configuration)
        try await client.connect()
        return client
    }

    @Test func aWorkerWithItsCredsFileConnectsToAnOperatorModeServer() async throws {
        let (server, creds, _) = try await Self.operatorMode()
        defer { server.stop() }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID().uuidString).creds").path
        try creds.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let client = try await Self.connect(server, try NATSAuthentication.credentials(file: path))
        let messages = try await client.subscribe(to: "sys.job.result")
        try await client.flush()
        try await client.publish("sys.job.result", payload: [1])
        var iterator = messages.makeAsyncIterator()
        #expect(try await iterator.next()?.payload == [1])
        await client.close()
    }

    @Test func aStolenJWTWithoutItsSeedIsRefused() async throws {
        let (server, creds, _) = try await Self.operatorMode()
        defer { server.stop() }
        guard case .credentials(let jwt, _) = try NATSAuthentication.credentials(contents: creds, file: "user.creds")
        else {
            Issue.record("the creds did not parse")
            return
        }
        await #expect {
            _ = try await Self.connect(server, .credentials(jwt: jwt, seed: NKey.generateUserSeed()))
        } throws: { ($0 as? NATSError)?.code == .authorizationFailed }
        await #expect {
            _ = try await Self.connect(server, .none)
        } throws: { ($0 as? NATSError)?.code == .authorizationFailed }
    }
}
