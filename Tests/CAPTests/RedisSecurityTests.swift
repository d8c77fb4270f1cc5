import CAP
import Foundation
import ServerTesting
import Testing

/// Redis with an ACL user, and over TLS with a throwaway CA (and client certificates when the server demands them).
@Suite("Redis ACL users and TLS against redis-server", .serialized, .timeLimit(.minutes(2)))
struct RedisSecurityTests {
    @Test func anACLUserAuthenticatesWithItsPassword() async throws {
        let server = try await ServerProcess.redis(extra: [
            "--user", "default", "off", "--user", "cordum", "on", ">acl-pa55", "~*", "&*", "+@all",
        ])
        defer { server.stop() }
        let redis = RedisClient(
            configuration: try RedisConfiguration(url: "redis://cordum:acl-pa55@127.0.0.1:\(server.port)")
        )
        try await redis.set("k", to: "v")
        #expect(try await redis.getString("k") == "v")
        await redis.close()
    }

    @Test(arguments: [
        "redis://cordum:wrong@127.0.0.1:PORT", "redis://:acl-pa55@127.0.0.1:PORT", "redis://127.0.0.1:PORT",
    ])
    func aWorkerWithoutTheACLUsersPasswordCannotReadPointers(_ template: String) async throws {
        let server = try await ServerProcess.redis(extra: [
            "--user", "default", "off", "--user", "cordum", "on", ">acl-pa55", "~*", "&*", "+@all",
        ])
        defer { server.stop() }
        let url = template.replacingOccurrences(of: "PORT", with: String(server.port))
        let redis = RedisClient(configuration: try RedisConfiguration(url: url))
        await #expect {
            _ = try await redis.get("ctx:job-1")
        } throws: { error in
            let error = error as? RedisError
            return error?.code == .authenticationFailed && !(error?.description.contains("acl-pa55") ?? true)
        }
    }

    static func tlsClient(_ server: ServerProcess, _ tls: TLSSettings) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: "rediss://localhost:\(server.port)")
        configuration.tls = tls
        return RedisClient(configuration: configuration)
    }

    @Test func aClientTrustingTheCAUsesRedisOverTLS() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await ServerProcess.redisTLS(certificates, verifyClients: false)
        defer { server.stop() }
        let redis = try Self.tlsClient(server, TLSSettings(caFile: certificates.caFile))
        try await redis.set("ctx:j", to: "{}")
        #expect(try await redis.getString("ctx:j") == "{}")
        #expect(redis.configuration.description.hasPrefix("rediss://"))
        await redis.close()
    }

    @Test func aRedisImpersonatorWithAnUntrustedCertificateIsRefused() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await ServerProcess.redisTLS(certificates, verifyClients: false)
        defer { server.stop() }
        let redis = try Self.tlsClient(server, TLSSettings(caFile: certificates.rogueCAFile))
        await #expect {
            try await redis.ping()
        } throws: { ($0 as? RedisError)?.code == .tlsFailed }
    }

    @Test func aVerifyingRedisNeedsTheCAsClientCertificate() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let server = try await ServerProcess.redisTLS(certificates, verifyClients: true)
        defer { server.stop() }
        let trusted = try Self.tlsClient(
            server,
            TLSSettings(
                caFile: certificates.caFile,
                certificateFile: certificates.clientCertificate,
                keyFile: certificates.clientKey
            )
        )
        try await trusted.ping()
        await trusted.close()
        for settings in [
            TLSSettings(caFile: certificates.caFile),
            TLSSettings(
                caFile: certificates.caFile,
                certificateFile: certificates.rogueClientCertificate,
                keyFile: certificates.rogueClientKey
            ),
        ] {
            let refused = try Self.tlsClient(server, settings)
            await #expect {
                try await refused.ping()
            } throws: { error in
                let code = (error as? RedisError)?.code
                return code == .tlsFailed || code == .connectionLost
            }
            await refused.close()
        }
    }
}
