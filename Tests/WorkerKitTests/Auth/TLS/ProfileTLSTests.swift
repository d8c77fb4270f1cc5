import Foundation
import NIOHTTP1
import NIOSSL
import StructuredData
import Testing
import WorkerKit

@Suite("Per-profile TLS")
struct ProfileTLSTests {
    static func serverTLS(requireClientCertificate: Bool = false) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(TLSTestCertificates.serverCertificatePEM.utf8))
                .map { .certificate($0) },
            privateKey: .privateKey(
                try NIOSSLPrivateKey(bytes: Array(TLSTestCertificates.serverKeyPEM.utf8), format: .pem)
            )
        )
        if requireClientCertificate {
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(
                try NIOSSLCertificate.fromPEMBytes(Array(TLSTestCertificates.caPEM.utf8))
            )
        }
        return configuration
    }

    /// A profile entry with `fields` (JSON members, already encoded).
    static func profile(_ name: String, _ base: String, _ fields: [String: String]) -> String {
        let members = fields.keys.sorted().map { "\"\($0)\": \(Self.quoted(fields[$0]!))" }
        return #"{"name": "\#(name)", "base_url": "\#(base)", "token": "tls-token-1""#
            + members.map { ", " + $0 }.joined() + "}"
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    @Test func theRightCASucceedsAndAWrongCAFailsNamingTheProfileAndTheCA() async throws {
        let server = try await TestHTTPServer.start(tls: try Self.serverTLS()) { _, _ in ScriptedResponse(body: "{}") }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wrongCA = directory.appendingPathComponent("wrong-ca.pem").path
        try TLSTestCertificates.wrongCAPEM.write(toFile: wrongCA, atomically: true, encoding: .utf8)
        let clients = TLSClientCache()
        let rig = try CredentialTransportRig(
            profiles: "["
                + [
                    Self.profile("right", server.baseURL, ["ca_pem": TLSTestCertificates.caPEM]),
                    Self.profile("same", server.baseURL, ["ca_pem": TLSTestCertificates.caPEM]),
                    Self.profile("wrong", server.baseURL, ["ca_file": wrongCA]),
                ].joined(separator: ",") + "]",
            tlsClients: clients
        )
        #expect(try await rig.get("right").status == 200)
        #expect(try await rig.get("same").status == 200)
        #expect(server.requests.first?.headers.first(name: "authorization") == "Bearer tls-token-1")
        let error = try #require(await rig.failure("wrong"))
        #expect(error.code == .unavailable)
        #expect(error.message.contains("profile \"wrong\""))
        #expect(error.message.contains("does not chain to the CA bundle from ca_file \"\(wrongCA)\""))
        #expect(!error.message.contains("tls-token-1"))
        #expect(server.requests.count == 2)
        // One client per TLS identity: "right" and "same" share one, "wrong" has its own.
        #expect(clients.count == 2)
        try await clients.shutdown()
    }

    @Test func mutualTLSPresentsTheClientCertificate() async throws {
        let server = try await TestHTTPServer.start(tls: try Self.serverTLS(requireClientCertificate: true)) { _, _ in
            ScriptedResponse(body: "{}")
        }
        defer { Task { await server.stop() } }
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID().uuidString).key")
            .path
        try TLSTestCertificates.clientKeyPEM.write(toFile: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let clients = TLSClientCache()
        let rig = try CredentialTransportRig(
            profiles: "["
                + [
                    Self.profile(
                        "mtls",
                        server.baseURL,
                        [
                            "ca_pem": TLSTestCertificates.caPEM,
                            "client_cert_pem": TLSTestCertificates.clientCertificatePEM,
                            "client_key_file": keyFile,
                        ]
                    ),
                    Self.profile("no-cert", server.baseURL, ["ca_pem": TLSTestCertificates.caPEM]),
                ].joined(separator: ",") + "]",
            tlsClients: clients
        )
        #expect(try await rig.get("mtls").status == 200)
        #expect(server.requests.count == 1)
        let error = try #require(await rig.failure("no-cert"))
        #expect(error.code == .unavailable)
        #expect(error.message.contains("profile \"no-cert\""))
        #expect(error.message.contains("requires a client certificate and the profile presents none"))
        #expect(server.requests.count == 1)
        #expect(rig.settings.secrets.containsSecret(TLSTestCertificates.clientKeyPEM))
        #expect(clients.count == 2)
        try await clients.shutdown()
    }
}
