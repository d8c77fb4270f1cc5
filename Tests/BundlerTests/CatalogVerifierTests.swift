import Bundler
import Foundation
import Testing

@Suite struct CatalogVerifierTests {
    /// A built and signed folder, and its key.
    static func published() throws -> (BundlerFixture, SigningKey) {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        let key = SigningKey.generate()
        _ = try KeyFiles.write(key, name: "catalog", folder: fixture.path("keys"), force: false)
        _ = try CatalogSigner.sign(
            catalogAt: fixture.path("public/catalog.json"),
            keyAt: fixture.path("keys/catalog.key")
        )
        return (fixture, key)
    }

    @Test func aSignedBuildVerifies() throws {
        let (fixture, key) = try Self.published()
        let report = try CatalogVerifier(path: fixture.path("public"), publicKey: key.publicKey).verify()
        #expect(report.passed, "\(report.allProblems)")
        #expect(report.signature == .valid(keyID: key.keyID))
        #expect(report.entries.map(\.path) == [fixture.path("public/packs/hello/0.1.0/pack.tgz")])
        #expect(
            try CatalogVerifier(path: fixture.path("public/catalog.json"), publicKey: key.publicKey).verify().passed
        )
    }

    @Test func aTamperedCatalogFailsTheSignature() throws {
        let (fixture, key) = try Self.published()
        try fixture.edit("public/catalog.json", replacing: "\"license\": \"Apache-2.0\"", with: "\"license\": \"MIT\"")
        let report = try CatalogVerifier(path: fixture.path("public"), publicKey: key.publicKey).verify()
        #expect(!report.passed)
        #expect(report.problems.map(\.code) == [.badSignature])
        #expect(report.entries[0].problems.map(\.code) == [.entryMismatch])
    }

    @Test func aTamperedBundleFailsItsDigest() throws {
        let (fixture, key) = try Self.published()
        let path = fixture.path("public/packs/hello/0.1.0/pack.tgz")
        var bytes = try #require(fixture.bytes("public/packs/hello/0.1.0/pack.tgz"))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let report = try CatalogVerifier(path: fixture.path("public"), publicKey: key.publicKey).verify()
        #expect(report.problems.isEmpty, "the catalog itself is intact")
        #expect(report.entries[0].problems.first?.code == .digestMismatch)
        #expect(report.entries[0].problems.contains { $0.code == .bundleInvalid }, "flipped bytes break the gzip CRC")
    }

    @Test func theWrongKeyFails() throws {
        let (fixture, _) = try Self.published()
        let report = try CatalogVerifier(path: fixture.path("public"), publicKey: SigningKey.generate().publicKey)
            .verify()
        #expect(report.problems.map(\.code) == [.badSignature])
    }

    @Test func aSignedCatalogNeedsAKey() throws {
        let (fixture, _) = try Self.published()
        let error = #expect(throws: BundlerError.self) { try CatalogVerifier(path: fixture.path("public")).verify() }
        #expect(error?.code == .keyRequired)
    }

    @Test func aKeyWithoutASignatureFails() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        let report = try CatalogVerifier(path: fixture.path("public"), publicKey: SigningKey.generate().publicKey)
            .verify()
        #expect(report.problems.map(\.code) == [.badSignature])
        #expect(try CatalogVerifier(path: fixture.path("public")).verify().passed, "unsigned and no key: fine")
    }

    @Test func aMissingBundleAndABadURLAreReported() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        try fixture.edit(
            "public/catalog.json",
            replacing: "https://packs.example.com/packs/hello/0.1.0/pack.tgz",
            with: "/packs/hello/0.1.0/pack.tgz"
        )
        try FileManager.default.removeItem(atPath: fixture.path("public/packs/hello/0.1.0/pack.tgz"))
        let report = try CatalogVerifier(path: fixture.path("public")).verify()
        #expect(report.entries[0].problems.map(\.code) == [.invalidEntry, .bundleMissing])
    }

    @Test func aBundleHoldingAnotherPackFails() throws {
        let (fixture, _) = try Self.published()
        try fixture.edit("packs/hello/pack/pack.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        try fixture.build(output: "other")
        try FileManager.default.removeItem(atPath: fixture.path("public/packs/hello/0.1.0/pack.tgz"))
        try FileManager.default.copyItem(
            atPath: fixture.path("other/packs/hello/0.2.0/pack.tgz"),
            toPath: fixture.path("public/packs/hello/0.1.0/pack.tgz")
        )
        try FileManager.default.removeItem(atPath: fixture.path("public/catalog.json.sig"))
        let report = try CatalogVerifier(path: fixture.path("public")).verify()
        #expect(report.entries[0].problems.map(\.code).contains(.bundleInvalid))
    }

    @Test func aBundleWhoseFragmentDecidesOtherPacksTopicsFails() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/overlays/policy.fragment.yaml",
            replacing: "rules:\n",
            with:
                "rules:\n  - id: hello-allows-github\n    match:\n      topics: [\"job.github.*\"]\n    decision: allow\n"
        )
        var configuration = try fixture.configuration()
        configuration.gate = .cordum
        _ = try CatalogBuilder(configuration: configuration).plan().write()
        let report = try CatalogVerifier(path: fixture.path("public")).verify()
        #expect(report.entries[0].problems.map(\.code) == [.fragmentNamespace])
    }

    @Test func anUnreadableCatalogIsUnusableInput() throws {
        let fixture = try BundlerFixture()
        let error = #expect(throws: BundlerError.self) { try CatalogVerifier(path: fixture.path("nothing")).verify() }
        #expect(error?.code == .invalidCatalog)
    }
}
