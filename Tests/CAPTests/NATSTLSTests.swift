import CAP
import ServerTesting
import Testing

/// NATS over TLS, with a throwaway CA: the client verifies the server, and a verifying server verifies the client.
@Suite("NATS TLS against nats-server", .serialized, .timeLimit(.minutes(2)))
struct NATSTLSTests {
    static func server(_ certificates: TestCertificates, verifyClients: Bool = false) async throws -> ServerProcess {
        try await ServerProcess.nats(
            configuration: """
                tls {
                  cert_file: "\(certificates.serverCertificate)"
                  key_file: "\(certificates.serverKey)"
                  ca_file: "\(certificates.caFile)"
                  verify: \(verifyClients)
                }
                """
        )
    }

    static func connect(
        _ server: ServerProcess,
        scheme: String = "tls",
        tls: TLSSettings?
    ) async throws -> NATSClient {
        var configuration = try NATSConfiguration(url: "\(scheme)://localhost:\(server.port)")
        if let tls { configuration.tls = tls }
        configuration.reconnect.enabled = false
        let client = NATSClient(configuration: configuration)
        try await client.connect()
        return client
    }

    static func roundTrip(_ client: NATSClient) async throws -> [UInt8]? {
        let messages = try await client.subscribe(to: "sys.job.result")
        try await client.flush()
        try await client.publish("sys.job.result", payload: [42])
        var iterator = messages.makeAsyncIterator()
        return try await iterator.next()?.payload
    }

    @Test func aClientTrustingTheCAConnectsOverTLS() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        defer { server.stop() }
        let client = try await Self.connect(server, tls: TLSSettings(caFile: certificates.caFile))
        #expect(try await Self.roundTrip(client) == [42])
        #expect(client.configuration.description.hasPrefix("tls://"))
        await client.close()
    }

    @Test func aNATSURLFollowsTheServersTLSRequirement() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        defer { server.stop() }
        let client = try await Self.connect(server, scheme: "nats", tls: TLSSettings(caFile: certificates.caFile))
        #expect(try await Self.roundTrip(client) == [42])
        await client.close()
    }

    @Test func aBusImpersonatorWithAnUntrustedCertificateIsRefused() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        defer { server.stop() }
        // The client trusts only the real CA; this server's certificate comes from elsewhere as far as it knows.
        await #expect {
            _ = try await Self.connect(server, tls: TLSSettings(caFile: certificates.rogueCAFile))
        } throws: { ($0 as? NATSError)?.code == .tlsFailed }
        // The system trust store does not know the test CA either.
        await #expect {
            _ = try await Self.connect(server, tls: nil)
        } throws: { ($0 as? NATSError)?.code == .tlsFailed }
    }

    @Test(arguments: [("nats.test", true), ("localhost", true), ("elsewhere.test", false)])
    func theServerNameIsVerified(_ name: String, succeeds: Bool) async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        defer { server.stop() }
        let settings = TLSSettings(caFile: certificates.caFile, serverName: name)
        if succeeds {
            let client = try await Self.connect(server, tls: settings)
            await client.close()
        } else {
            await #expect {
                _ = try await Self.connect(server, tls: settings)
            } throws: { ($0 as? NATSError)?.code == .tlsFailed }
        }
    }

    @Test func insecureSkipVerifyAcceptsAnyServer() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates)
        defer { server.stop() }
        let client = try await Self.connect(server, tls: TLSSettings(insecureSkipVerify: true))
        #expect(try await Self.roundTrip(client) == [42])
        await client.close()
    }

    @Test func aWorkerWithTheCAsClientCertificateConnectsToAVerifyingBus() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates, verifyClients: true)
        defer { server.stop() }
        let settings = TLSSettings(
            caFile: certificates.caFile,
            certificateFile: certificates.clientCertificate,
            keyFile: certificates.clientKey
        )
        let client = try await Self.connect(server, tls: settings)
        #expect(try await Self.roundTrip(client) == [42])
        await client.close()
    }

    @Test func aWorkerWithoutAClientCertificateCannotConnectToAVerifyingBus() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates, verifyClients: true)
        defer { server.stop() }
        await #expect {
            let client = try await Self.connect(server, tls: TLSSettings(caFile: certificates.caFile))
            await client.close()
        } throws: { error in
            let code = (error as? NATSError)?.code
            return code == .tlsFailed || code == .connectionLost
        }
    }

    @Test func aClientCertificateFromAnotherCAIsRefused() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await Self.server(certificates, verifyClients: true)
        defer { server.stop() }
        let forged = TLSSettings(
            caFile: certificates.caFile,
            certificateFile: certificates.rogueClientCertificate,
            keyFile: certificates.rogueClientKey
        )
        await #expect {
            let client = try await Self.connect(server, tls: forged)
            await client.close()
        } throws: { error in
            let code = (error as? NATSError)?.code
            return code == .tlsFailed || code == .connectionLost
        }
    }

    @Test func requiringTLSFromAPlainServerFails() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        await #expect {
            _ = try await Self.connect(server, tls: TLSSettings())
        } throws: { ($0 as? NATSError)?.code == .tlsFailed }
    }

    @Test func anUnreadableCAFileIsNamed() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        await #expect {
            _ = try await Self.connect(server, tls: TLSSettings(caFile: "/nonexistent/ca.pem"))
        } throws: { error in
            let error = error as? NATSError
            return error?.code == .tlsFailed
        }
    }
}
