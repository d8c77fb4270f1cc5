import Bundler
import Foundation
import PackFormat
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

@Suite("Catalog installs and the marketplace")
struct InstallCatalogTests {
    /// Publishes packs as `packs/<id>/<version>/pack.tgz` next to a `catalog.json` whose URLs are `file://` URLs;
    /// signs it with `key` when given.
    func publish(_ packs: [SyntheticPack], key: SigningKey? = nil, corrupt: Bool = false) throws -> String {
        let folder = InstallFixture.temporaryFolder()
        var entries: [CatalogEntry] = []
        for synthetic in packs {
            let pack = try PackLoader.load(synthetic.write())
            let bundle = try BundleWriter.bundle(pack)
            let path = "\(folder)/packs/\(pack.id)/\(pack.version)/pack.tgz"
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data(bundle.bytes).write(to: URL(fileURLWithPath: path))
            entries.append(
                CatalogEntry(
                    id: pack.id,
                    version: pack.version,
                    title: pack.id,
                    url: URL(fileURLWithPath: path).absoluteString,
                    sha256: corrupt ? String(repeating: "0", count: 64) : bundle.sha256
                )
            )
        }
        let catalog = Catalog(updatedAt: "2026-01-18T10:00:00Z", packs: entries)
        let catalogPath = folder + "/catalog.json"
        try Data(catalog.bytes).write(to: URL(fileURLWithPath: catalogPath))
        if let key {
            let signature = try CatalogSigner.sign(catalog.bytes, with: key)
            try Data(signature.bytes).write(to: URL(fileURLWithPath: catalogPath + ".sig"))
        }
        return catalogPath
    }

    @Test("a signed catalog installs the highest version, with the sha256 checked")
    func signedCatalog() async throws {
        let key = SigningKey.generate()
        let catalog = try publish(
            [SyntheticPack(id: "cat", version: "0.1.0"), SyntheticPack(id: "cat", version: "0.10.0")],
            key: key
        )
        let installer = try InstallFixture.installer()
        let result = try await installer.install(
            from: CatalogPackSource(catalog: "file://" + catalog, packID: "cat", publicKey: key.publicKey)
        )
        #expect(result.record.version == "0.10.0")
        let exact = try await installer.install(
            from: CatalogPackSource(catalog: catalog, packID: "cat", version: "0.1.0", publicKey: key.publicKey),
            options: InstallOptions(upgrade: true, dryRun: true)
        )
        #expect(exact.plan.version == "0.1.0")
        #expect(exact.plan.action == .upgrade)
        #expect(!exact.applied)
    }

    @Test("a sha256 mismatch is refused and nothing is stored")
    func shaMismatch() async throws {
        let catalog = try publish([SyntheticPack(id: "cat")], corrupt: true)
        let installer = try InstallFixture.installer()
        let before = try InstallFixture.dump(installer.database)
        let error = await #expect(throws: HostError.self) {
            try await installer.install(from: CatalogPackSource(catalog: catalog, packID: "cat"))
        }
        #expect(error?.message.contains("sha256 mismatch for cat 0.1.0") == true)
        #expect(try InstallFixture.dump(installer.database) == before)
    }

    @Test("a catalog signed with another key, or unsigned when a key is configured, is refused")
    func badSignature() async throws {
        let signed = try publish([SyntheticPack(id: "cat")], key: SigningKey.generate())
        let unsigned = try publish([SyntheticPack(id: "cat")])
        let trusted = SigningKey.generate().publicKey
        let installer = try InstallFixture.installer()
        for catalog in [signed, unsigned] {
            let error = await #expect(throws: HostError.self) {
                try await installer.install(
                    from: CatalogPackSource(catalog: catalog, packID: "cat", publicKey: trusted)
                )
            }
            #expect(error?.code == .forbidden)
        }
        #expect(try installer.list().isEmpty)
    }

    @Test("the marketplace lists the highest version per pack with its installed state, and installs by ids")
    func marketplace() async throws {
        let first = try publish([SyntheticPack(id: "one", version: "1.2.0"), SyntheticPack(id: "two")])
        let second = try publish([SyntheticPack(id: "one", version: "1.10.0")])
        let installer = try InstallFixture.installer()
        let marketplace = Marketplace(installer: installer)
        try marketplace.setSources([
            Marketplace.Source(id: "a", title: "A", url: first),
            Marketplace.Source(id: "b", title: "B", url: second),
            Marketplace.Source(id: "broken", url: "/nonexistent/catalog.json"),
            Marketplace.Source(id: "off", url: "/nonexistent/other.json", enabled: false),
        ])
        try await marketplace.install(catalogID: "a", packID: "two")
        let listing = try await marketplace.list()
        #expect(listing.items.map(\.entry.id) == ["one", "two"])
        #expect(listing.items.first?.entry.version == "1.10.0")
        #expect(listing.items.first?.catalogID == "b")
        #expect(listing.items.last?.installedVersion == "0.1.0")
        #expect(listing.items.last?.installedStatus == "ACTIVE")
        #expect(listing.catalogs.first { $0.source.id == "broken" }?.error?.contains("not found") == true)
        #expect(listing.catalogs.first { $0.source.id == "off" }?.error == nil)
        let disabled = await #expect(throws: HostError.self) {
            try await marketplace.install(catalogID: "off", packID: "one")
        }
        #expect(disabled?.code == .notFound)
    }
}
