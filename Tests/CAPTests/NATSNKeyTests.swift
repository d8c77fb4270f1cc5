import ServerTesting
import Testing

@testable import CAP

/// NKey users: the client proves it holds the seed by signing the server's nonce; the seed never leaves it.
@Suite("NATS NKey authentication against nats-server", .serialized, .timeLimit(.minutes(2)))
struct NATSNKeyTests {
    static func server(allowing seeds: [String]) async throws -> ServerProcess {
        let users = try seeds.map { "{ nkey: \"\(try NKey(seed: $0).publicKey)\" }" }.joined(separator: ", ")
        return try await ServerProcess.nats(configuration: "authorization { users = [ \(users) ] }")
    }

    static func connect(_ server: ServerProcess, _ authentication: NATSAuthentication) async throws -> NATSClient {
        var configuration = try NATSConfiguration(url: "nats://127.0.0.1:\(server.port)")
        configuration.authentication = authentication
        configuration.reconnect.enabled = false
        let client = NATSClient(configuration: configuration)
        try await client.connect()
        return client
    }

    @Test func aWorkerWithItsNKeySeedConnects() async throws {
        let seed = NKey.generateUserSeed()
        #expect(seed.hasPrefix("SU"))
        let server = try await Self.server(allowing: [seed])
        defer { server.stop() }
        let client = try await Self.connect(server, .nkey(seed: seed))
        let messages = try await client.subscribe(to: "sys.heartbeat")
        try await client.flush()
        try await client.publish("sys.heartbeat", payload: [7])
        var iterator = messages.makeAsyncIterator()
        #expect(try await iterator.next()?.payload == [7])
        await client.close()
    }

    @Test func aWorkerWithoutCredentialsCannotConnectToAClosedBus() async throws {
        let server = try await Self.server(allowing: [NKey.generateUserSeed()])
        defer { server.stop() }
        await #expect {
            _ = try await Self.connect(server, .none)
        } throws: { ($0 as? NATSError)?.code == .authorizationFailed }
    }

    @Test func aWorkerWithAnotherNKeyIsRefused() async throws {
        let server = try await Self.server(allowing: [NKey.generateUserSeed()])
        defer { server.stop() }
        let intruder = NKey.generateUserSeed()
        await #expect {
            _ = try await Self.connect(server, .nkey(seed: intruder))
        } throws: { error in
            let error = error as? NATSError
            return error?.code == .authorizationFailed && !(error?.description.contains(intruder) ?? true)
        }
    }

    @Test(arguments: ["", "SUNOTASEED", "SUAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"])
    func aMalformedSeedIsInvalidCredentialsAndNeverShown(_ seed: String) async throws {
        let server = try await Self.server(allowing: [NKey.generateUserSeed()])
        defer { server.stop() }
        await #expect {
            _ = try await Self.connect(server, .nkey(seed: seed))
        } throws: { error in
            let error = error as? NATSError
            return error?.code == .invalidCredentials && (seed.isEmpty || !(error?.description.contains(seed) ?? true))
        }
    }

    @Test func aSeedWithAFlippedCharacterFailsItsChecksum() {
        var seed = Array(NKey.generateUserSeed())
        seed[10] = seed[10] == "A" ? "B" : "A"
        #expect(throws: NATSError.self) { try NKey(seed: String(seed)) }
    }

    @Test func theSeedDerivesAUserPublicKeyAndCredentialsHideIt() throws {
        let seed = NKey.generateUserSeed()
        let key = try NKey(seed: seed)
        #expect(key.publicKey.hasPrefix("U") && key.publicKey.count == 56)
        let authentication = NATSAuthentication.nkey(seed: seed)
        #expect(!"\(authentication)".contains(seed))
        let options = try NATSConnectOptions(name: "w", authentication: authentication, nonce: "abc")
        #expect(options.nkey == key.publicKey)
        #expect(options.sig?.isEmpty == false)
        #expect(!options.description.contains(seed))
    }
}
