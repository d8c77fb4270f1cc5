import Bundler
import HTTPTypes
import PackHost
import StructuredData
import Testing

/// Over the API, a catalog installs only when a key the host trusts signed it (docs/security.md, "Installing
/// packs").
@Suite("HTTP API: catalog trust")
struct HostAPICatalogTrustTests {
    let publisher = SigningKey.generate()

    func host(trusting keys: [PublicKey] = [], allowUnsigned: Bool = false) throws -> APITestHost {
        var configuration = HostConfiguration()
        configuration.trustedCatalogKeys = keys
        configuration.allowUnsignedCatalogs = allowUnsigned
        return try APITestHost(configuration: configuration)
    }

    func install(_ client: APIClient, catalog: String) async throws -> APIAnswer {
        try await client.call(.post, "/packs/install", json: ["catalog": .string(catalog), "pack_id": "cat"])
    }

    @Test("an admin key cannot install from an unsigned catalog, directly or through the marketplace")
    func anUnsignedCatalogCannotBeInstalledOverTheAPI() async throws {
        let catalog = try InstallCatalogTests().publish([SyntheticPack(id: "cat")])
        let host = try host(trusting: [publisher.publicKey])
        try Marketplace(installer: host.services.installer).setSources([
            Marketplace.Source(id: "evil", url: catalog)
        ])
        try await host.test { client in
            let direct = try await install(client, catalog: catalog)
            #expect(direct.status == 403)
            #expect(direct.errorCode == "forbidden")
            let market = try await client.call(
                .post,
                "/marketplace/install",
                json: ["catalog_id": "evil", "pack_id": "cat"]
            )
            #expect(market.errorCode == "forbidden")
        }
        #expect(try host.services.installer.list().isEmpty)
    }

    @Test("a catalog signed by a key the host does not trust is refused, even when the marketplace entry names it")
    func aCatalogSignedByAnUntrustedKeyCannotBeInstalledOverTheAPI() async throws {
        let attacker = SigningKey.generate()
        let catalog = try InstallCatalogTests().publish([SyntheticPack(id: "cat")], key: attacker)
        let host = try host(trusting: [publisher.publicKey])
        try Marketplace(installer: host.services.installer).setSources([
            Marketplace.Source(
                id: "evil",
                url: catalog,
                publicKey: String(decoding: attacker.publicKey.fileContents, as: UTF8.self)
            )
        ])
        try await host.test { client in
            let direct = try await install(client, catalog: catalog)
            #expect(direct.errorCode == "forbidden")
            let market = try await client.call(
                .post,
                "/marketplace/install",
                json: ["catalog_id": "evil", "pack_id": "cat"]
            )
            #expect(market.errorCode == "forbidden")
        }
        #expect(try host.services.installer.list().isEmpty)
    }

    @Test("with no trusted key configured, the API installs from no catalog")
    func noTrustedKeyMeansNoCatalogInstalls() async throws {
        let catalog = try InstallCatalogTests().publish([SyntheticPack(id: "cat")], key: publisher)
        let host = try host()
        try await host.test { client in
            let answer = try await install(client, catalog: catalog)
            #expect(answer.errorCode == "forbidden")
        }
    }

    @Test("a catalog signed by a trusted key installs over the API")
    func aCatalogSignedByATrustedKeyInstalls() async throws {
        let catalog = try InstallCatalogTests().publish([SyntheticPack(id: "cat")], key: publisher)
        let host = try host(trusting: [SigningKey.generate().publicKey, publisher.publicKey])
        try await host.test { client in
            let answer = try await install(client, catalog: catalog)
            #expect(answer.status == 200)
        }
        #expect(try host.services.installer.list().map(\.id) == ["cat"])
    }

    @Test("an operator who allows unsigned catalogs can install from one")
    func allowingUnsignedCatalogsInstallsThem() async throws {
        let catalog = try InstallCatalogTests().publish([SyntheticPack(id: "cat")])
        let host = try host(allowUnsigned: true)
        try await host.test { client in
            let answer = try await install(client, catalog: catalog)
            #expect(answer.status == 200)
        }
    }
}
