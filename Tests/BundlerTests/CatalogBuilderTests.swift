import Bundler
import Foundation
import PackFormat
import Testing

@Suite struct CatalogBuilderTests {
    @Test func buildWritesBundlesAndACatalogThatPointsAtThem() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        let plan = try fixture.build()
        #expect(!plan.isBlocked)
        let bundle = try #require(fixture.bytes("public/packs/hello/0.1.0/pack.tgz"))
        let catalog = try Catalog(bytes: try #require(fixture.bytes("public/catalog.json")), file: "catalog.json")
        let entry = try #require(catalog.packs.first)
        #expect(catalog.packs.count == 1)
        #expect(catalog.updatedAt == "2023-11-14T22:13:20Z")
        #expect(entry.url == "https://packs.example.com/packs/hello/0.1.0/pack.tgz")
        #expect(entry.sha256 == plan.items[0].bundle.sha256)
        #expect(entry.size == bundle.count)
        #expect(entry.author == "Cordum Packs in Swift")
        #expect(entry.capabilities == ["hello.greet", "hello.guestbook.sign"])
        #expect(entry.riskTags == ["read", "write"])
        #expect(
            plan.items[0].progressLine.hasPrefix(
                "built hello 0.1.0 → \(fixture.path("public/packs/hello/0.1.0/pack.tgz")) ("
            )
        )
    }

    @Test func twoBuildsIntoTwoFoldersAreByteIdentical() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build(output: "one")
        try fixture.build(output: "two")
        for file in ["catalog.json", "packs/hello/0.1.0/pack.tgz"] {
            let one = try #require(fixture.bytes("one/" + file))
            #expect(one == fixture.bytes("two/" + file), "\(file) differs")
        }
    }

    @Test func aFailingSimulationBlocksTheBuildAndNothingIsWritten() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/pack.yaml",
            replacing: "expectDecision: ALLOW\n",
            with: "expectDecision: DENY\n"
        )
        let plan = try CatalogBuilder(configuration: try fixture.configuration()).plan()
        #expect(plan.isBlocked)
        #expect(plan.blockers.contains { $0.code == .simulationFailed && $0.packID == "hello" })
        #expect(plan.blockers.first { $0.code == .simulationFailed }?.context["simulation"] == "greet_is_allowed")
        #expect(!plan.blockers.contains { $0.context["rule_id"] == "simulations-pass" }, "listed once, by the suite")
        #expect(plan.blockedText().contains("pack hello 0.1.0"))
        #expect(plan.blockedText().hasSuffix("nothing was written"))
        let error = #expect(throws: BundlerError.self) { try plan.write() }
        #expect(error == plan.blockers.first)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("public")))
    }

    @Test func aLintErrorBlocksTheBuild() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/pack.yaml",
            replacing: "riskTags: [read]\n",
            with: "riskTags: [read, spicy]\n"
        )
        let plan = try CatalogBuilder(configuration: try fixture.configuration()).plan()
        #expect(plan.blockers.contains { $0.code == .lintError && $0.context["rule_id"] == "topic-risk-tags" })
    }

    @Test func theCordumGateAcceptsPackWrittenElsewhereButStillRunsTheirSimulations() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit(
            "packs/hello/pack/pack.yaml",
            replacing: "riskTags: [read]\n",
            with: "riskTags: [read, spicy]\n"
        )
        var configuration = try fixture.configuration()
        configuration.gate = .cordum
        #expect(try CatalogBuilder(configuration: configuration).plan().blockers.isEmpty)
        try fixture.edit("packs/hello/pack/pack.yaml", replacing: "expectDecision: DENY", with: "expectDecision: ALLOW")
        let blocked = try CatalogBuilder(configuration: configuration).plan()
        #expect(blocked.blockers.map(\.code) == [.simulationFailed])
    }

    @Test func aPackThatDoesNotLoadIsUnusableInput() throws {
        let fixture = try BundlerFixture()
        try fixture.write("packs/bad/pack.yaml", "metadata: {id: Bad}\n")
        let failure = #expect(throws: BundlerFailure.self) {
            try CatalogBuilder(configuration: try fixture.configuration()).plan()
        }
        #expect(failure?.errors.first?.code == .packNotLoaded)
        #expect(failure?.errors.first?.context["pack_error"] != nil)
    }

    @Test func previousEntriesStayListedAndTheNewVersionIsAdded() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        try fixture.edit("packs/hello/pack/pack.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        let plan = try fixture.build(previous: fixture.path("public/catalog.json"))
        #expect(plan.kept.map(\.label) == ["hello 0.1.0"])
        #expect(plan.notes.isEmpty)
        let catalog = try Catalog(bytes: try #require(fixture.bytes("public/catalog.json")), file: "catalog.json")
        #expect(catalog.packs.map(\.label) == ["hello 0.2.0", "hello 0.1.0"])
        #expect(try CatalogVerifier(path: fixture.path("public")).verify().passed)
    }

    @Test func rebuildingAPublishedVersionWithTheSameBytesReplacesItsEntry() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        let plan = try fixture.build(previous: fixture.path("public/catalog.json"))
        #expect(plan.kept.isEmpty)
        #expect(plan.catalog.packs.count == 1)
    }

    @Test func rebuildingAPublishedVersionWithOtherBytesIsRefused() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        let before = fixture.bytes("public/catalog.json")
        try fixture.write("packs/hello/pack/NOTES.md", "changed\n")
        let plan = try CatalogBuilder(
            configuration: try fixture.configuration(previous: fixture.path("public/catalog.json"))
        ).plan()
        let error = try #require(plan.blockers.first)
        #expect(error.code == .immutableVersion)
        #expect(error.packID == "hello")
        #expect(error.message.contains("hello 0.1.0"))
        #expect(throws: BundlerError.self) { try plan.write() }
        #expect(fixture.bytes("public/catalog.json") == before)
    }

    @Test func keptEntriesWhoseBundleIsMissingAreNoted() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build(output: "old")
        try fixture.edit("packs/hello/pack/pack.yaml", replacing: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
        let plan = try fixture.build(previous: fixture.path("old/catalog.json"))
        #expect(plan.notes.count == 1)
        #expect(plan.notes[0].contains("hello 0.1.0"))
    }

    @Test func aVersionThatCannotNameAFolderIsRefused() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.edit("packs/hello/pack/pack.yaml", replacing: "version: \"0.1.0\"", with: "version: \"../0.1\"")
        let plan = try CatalogBuilder(configuration: try fixture.configuration()).plan()
        #expect(plan.blockers.contains { $0.code == .unsafeVersion })
    }

    @Test func aNewCatalogRemovesTheSignatureOfTheOldOne() throws {
        let fixture = try BundlerFixture()
        try fixture.copyPack()
        try fixture.build()
        let key = SigningKey.generate()
        let catalog = try #require(fixture.bytes("public/catalog.json"))
        try Data(try CatalogSigner.sign(catalog, with: key).bytes).write(
            to: URL(fileURLWithPath: fixture.path("public/catalog.json.sig"))
        )
        let same = try CatalogBuilder(configuration: try fixture.configuration()).plan().write()
        #expect(!same.removedStaleSignature, "identical catalog bytes keep their signature")
        var configuration = try fixture.configuration()
        configuration.updatedAt = "2030-01-01T00:00:00Z"
        let changed = try CatalogBuilder(configuration: configuration).plan().write()
        #expect(changed.removedStaleSignature)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("public/catalog.json.sig")))
    }
}
