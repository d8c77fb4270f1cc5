import Crypto
import Foundation
import Testing
import WorkerKit

@testable import CAP

/// The bus settings a worker reads from its environment: TLS files, one kind of NATS credentials, packet keys.
@Suite("Bus security from the environment")
struct BusSecurityConfigurationTests {
    static func file(_ text: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func code(_ environment: [String: String]) -> (String, String)? {
        do {
            _ = try BusSecurity(environment: environment)
            return nil
        } catch {
            return (error.code.rawValue, error.variable)
        }
    }

    @Test func nothingSetIsCordumsDefault() throws {
        let bus = try BusSecurity(environment: ["CORDUM_NATS_URL": "nats://127.0.0.1:4222"])
        #expect(bus.natsTLS == nil && bus.natsAuthentication == nil && bus.redisTLS == nil && bus.packetKeys.isEmpty)
    }

    @Test func tlsVariablesTurnTLSOnForEachServer() throws {
        let ca = try Self.file("pem", name: "ca.pem")
        let bus = try BusSecurity(environment: [
            "NATS_TLS_CA": ca, "NATS_TLS_SERVER_NAME": "nats.internal", "REDIS_TLS_INSECURE": "true",
        ])
        #expect(bus.natsTLS == TLSSettings(caFile: ca, serverName: "nats.internal"))
        #expect(bus.redisTLS == TLSSettings(insecureSkipVerify: true))
        let nats = try bus.natsConfiguration(url: "nats://127.0.0.1:4222")
        #expect(nats.tls?.caFile == ca)
    }

    @Test func aClientCertificateWithoutItsKeyIsRefused() throws {
        let certificate = try Self.file("pem", name: "client.pem")
        #expect(Self.code(["NATS_TLS_CERT": certificate])?.1 == "NATS_TLS_KEY")
        #expect(Self.code(["REDIS_TLS_CA": "/nonexistent/ca.pem"])?.0 == "config.invalid_value")
    }

    @Test func theNKeySeedIsASecretAndReplacesTheURLsCredentials() throws {
        let seed = NKey.generateUserSeed()
        let secrets = SecretRegistry()
        let bus = try BusSecurity(environment: ["NATS_NKEY": seed], secrets: secrets)
        #expect(bus.natsAuthentication == .nkey(seed: seed))
        #expect(secrets.scrub("seed \(seed)") == "seed \(SecretRegistry.mask)")
        let nats = try bus.natsConfiguration(url: "nats://user:pw@127.0.0.1:4222")
        #expect(nats.authentication == .nkey(seed: seed))
    }

    @Test func aMalformedSeedNamesTheVariableNotTheSeed() {
        do {
            _ = try BusSecurity(environment: ["NATS_NKEY": "SUsecret-but-broken"])
            Issue.record("a broken seed was accepted")
        } catch {
            #expect(error.code.rawValue == "config.invalid_value")
            #expect(error.variable == "NATS_NKEY")
            #expect(!error.message.contains("secret-but-broken"))
        }
    }

    @Test func onlyOneKindOfNATSCredentialsIsAccepted() {
        #expect(Self.code(["NATS_TOKEN": "t", "NATS_NKEY": NKey.generateUserSeed()])?.0 == "config.invalid_value")
        #expect(Self.code(["NATS_USERNAME": "alice"])?.1 == "NATS_PASSWORD")
    }

    @Test func aCredsFileGivesTheJWTAndSeed() throws {
        let seed = NKey.generateUserSeed()
        let creds = try Self.file(
            """
            -----BEGIN NATS USER JWT-----
            eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.payload.sig
            ------END NATS USER JWT------

            ************************* IMPORTANT *************************
            NKEY Seed printed below can be used to sign and prove identity.

            -----BEGIN USER NKEY SEED-----
            \(seed)
            ------END USER NKEY SEED------
            """,
            name: "user.creds"
        )
        let secrets = SecretRegistry()
        let bus = try BusSecurity(environment: ["NATS_CREDS": creds], secrets: secrets)
        #expect(bus.natsAuthentication == .credentials(jwt: "eyJhbGciOiJlZDI1NTE5LW5rZXkifQ.payload.sig", seed: seed))
        #expect(secrets.containsSecret(seed))
    }

    @Test func packetKeysAreReadFromPEMFiles() throws {
        let own = P256.Signing.PrivateKey()
        let host = P256.Signing.PrivateKey()
        let bus = try BusSecurity(environment: [
            "CORDUM_CAP_SIGNING_KEY": try Self.file(own.pemRepresentation, name: "worker.pem"),
            "CORDUM_CAP_PUBLIC_KEYS": "cordum-host="
                + (try Self.file(host.publicKey.pemRepresentation, name: "host.pem")),
            "CORDUM_CAP_REQUIRE_SIGNED": "1",
        ])
        #expect(bus.packetKeys.signingKey?.publicKey.rawRepresentation == own.publicKey.rawRepresentation)
        #expect(bus.packetKeys.publicKeys["cordum-host"]?.rawRepresentation == host.publicKey.rawRepresentation)
        #expect(bus.packetKeys.requireSigned)
        #expect(Self.code(["CORDUM_CAP_PUBLIC_KEYS": "cordum-host"])?.1 == "CORDUM_CAP_PUBLIC_KEYS")
        #expect(Self.code(["CORDUM_CAP_REQUIRE_SIGNED": "maybe"])?.1 == "CORDUM_CAP_REQUIRE_SIGNED")
    }

    @Test func theWorkerConfigurationReadsTheBusSettings() throws {
        let seed = NKey.generateUserSeed()
        let configuration = try WorkerConfiguration(packID: "hello", environment: ["NATS_NKEY": seed])
        #expect(configuration.bus.natsAuthentication == .nkey(seed: seed))
        #expect(configuration.secrets.containsSecret(seed))
    }
}
