import Foundation
import GovernanceDiff
import PackFormat
import ServerTesting
import Testing

/// OLD and NEW as folders, bundles and catalog entries.
@Suite struct PackReferenceTests {
    @Test func readsPathsAndCatalogEntries() {
        #expect(PackReference("packs/hello") == .path("packs/hello"))
        #expect(PackReference("hello.tgz") == .path("hello.tgz"))
        #expect(PackReference("a#b/pack") == .path("a#b/pack"))
        #expect(
            PackReference("public/catalog.json#hello@0.1.0")
                == .catalogEntry(catalog: "public/catalog.json", id: "hello", version: "0.1.0")
        )
        #expect(
            PackReference("catalog.json#hello") == .catalogEntry(catalog: "catalog.json", id: "hello", version: nil)
        )
    }

    /// A folder holding `catalog.json` and the hello pack's bundle at `packs/hello/<version>/pack.tgz`.
    static func publicFolder(entries: String) throws -> String {
        let folder = try DiffFixture.temporaryFolder()
        let pack = try DiffFixture.copy([])
        defer { try? FileManager.default.removeItem(atPath: pack) }
        try FileManager.default.createDirectory(
            atPath: folder + "/packs/hello/0.1.0",
            withIntermediateDirectories: true
        )
        let status = try SpawnedProcess.run(
            "/usr/bin/env",
            arguments: [
                "tar", "-czf", folder + "/packs/hello/0.1.0/pack.tgz", "-C", pack, "pack.yaml", "overlays", "schemas",
                "workflows",
            ]
        )
        #expect(status == 0, "tar exited with \(status)")
        try #"{"updated_at": "2026-01-01T00:00:00Z", "packs": [\#(entries)]}"#.write(
            toFile: folder + "/catalog.json",
            atomically: true,
            encoding: .utf8
        )
        return folder
    }

    static let entry =
        #"{"id": "hello", "version": "0.1.0", "url": "https://packs.example.com/packs/hello/0.1.0/pack.tgz"}"#

    @Test func loadsACatalogEntryFromTheBundleBesideTheCatalog() throws {
        let folder = try Self.publicFolder(entries: Self.entry)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pack = try PackReference(folder + "/catalog.json#hello@0.1.0").load()
        #expect(pack.id == "hello" && pack.version == "0.1.0")
        #expect(try PackReference(folder + "/catalog.json#hello").load().id == "hello")
        #expect(try PackReference(folder + "/packs/hello/0.1.0/pack.tgz").load().id == "hello")
    }

    @Test(arguments: [
        ("#hello@9.9.9", entry, GovernanceDiffError.Code.catalogEntryNotFound),
        ("#other", entry, .catalogEntryNotFound),
        ("#hello", entry + "," + entry.replacingOccurrences(of: "0.1.0", with: "0.2.0"), .catalogEntryAmbiguous),
        (
            "#hello@0.1.0", entry.replacingOccurrences(of: "/packs/hello/0.1.0/pack.tgz", with: "/download"),
            .catalogURLNotLocal
        ),
    ])
    func catalogEntriesThatDoNotResolve(suffix: String, entries: String, code: GovernanceDiffError.Code) throws {
        let folder = try Self.publicFolder(entries: entries)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            try PackReference(folder + "/catalog.json" + suffix).load()
        } throws: { error in
            (error as? GovernanceDiffError)?.code == code
        }
    }

    @Test func aMissingPackOrCatalogIsUnusable() {
        #expect {
            try PackReference("/nonexistent/pack").load()
        } throws: { error in
            (error as? GovernanceDiffError)?.code == .packDidNotLoad
                && (error as? GovernanceDiffError)?.causes.isEmpty == false
        }
        #expect {
            try PackReference("/nonexistent/catalog.json#hello@0.1.0").load()
        } throws: { error in
            (error as? GovernanceDiffError)?.code == .catalogUnreadable
        }
    }

    @Test func differentPackIDsAreRefusedUnlessAllowed() throws {
        let old = try DiffFixture.pack([])
        var new = old
        new.manifest.metadata.id = "hallo"
        #expect {
            try PackDiff.compare(old, new)
        } throws: { error in
            (error as? GovernanceDiffError)?.code == .differentPackIDs
        }
        let report = try PackDiff.compare(old, new, allowDifferentIDs: true)
        #expect(report.new.id == "hallo")
    }
}
