import Foundation
import PackFormat
import StructuredData
import Testing

@Suite struct PackLoaderTests {
    @Test func loadsAFolderWithEveryReferencedFile() throws {
        let fixture = try Fixture(Fixture.minimal)
        defer { fixture.remove() }
        let pack = try PackLoader.load(fixture.root)
        #expect(pack.id == "demo")
        #expect(pack.version == "0.1.0")
        #expect(pack.manifest.topics.map(\.name) == ["job.demo.read"])
        #expect(pack.schemas.map(\.reference.id) == ["demo/Input"])
        #expect(pack.workflows.first?.workflow.id == "demo.run")
        #expect(pack.workflows.first?.workflow.raw["id"] == "demo.run")
        #expect(pack.configOverlays.map(\.overlay.key) == ["pools", "timeouts"])
        #expect(pack.policyFragments.map(\.key) == ["demo/safety"])
        #expect(pack.manifest.policySimulations.first?.expectDecision == "ALLOW")
        #expect(pack.files.contains("schemas/Input.json"))
    }

    @Test func findsTheManifestInAPackSubfolder() throws {
        let fixture = try Fixture(Fixture.minimal, subfolder: "pack")
        defer { fixture.remove() }
        let pack = try PackLoader.load(fixture.root)
        #expect(pack.location.hasSuffix("/pack"))
    }

    @Test func loadsABundleWithPackYamlAtTheRootOrInOneTopFolder() throws {
        #expect(try PackLoader.load(bundle: Fixture.bundle(Fixture.minimal), name: "demo.tgz").id == "demo")
        #expect(
            try PackLoader.load(bundle: Fixture.bundle(Fixture.minimal, top: "demo"), name: "demo.tgz").id == "demo"
        )
    }

    @Test func refusesABundleWithStrayFilesBesideItsTopFolder() {
        var files: [String: String] = [:]
        for (path, text) in Fixture.minimal { files["demo/" + path] = text }
        files["README.md"] = "stray"
        #expect(loadCodes { try PackLoader.load(bundle: Fixture.bundle(files), name: "x.tgz") } == [.manifestNotFound])
    }

    @Test func refusesAnUnknownFileFormat() throws {
        let fixture = try Fixture(["pack.zip": "PK"])
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root + "/pack.zip") } == [.invalidArchive])
    }

    @Test func reportsAMissingManifest() throws {
        let fixture = try Fixture(["README.md": "no pack here"])
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root) } == [.manifestNotFound])
    }

    @Test func reportsMissingReferencedFilesWithTheManifestLine() throws {
        let fixture = try Fixture(Fixture.minimal(changing: ["schemas/Input.json": nil]))
        defer { fixture.remove() }
        do {
            _ = try PackLoader.load(fixture.root)
            Issue.record("expected a failure")
        } catch {
            let missing = try #require(error.errors.first)
            #expect(missing.code == .missingFile)
            #expect(missing.location.file.hasSuffix("pack.yaml"))
            #expect(missing.location.line == 16)
            #expect(missing.field == "resources.schemas[0].path")
        }
    }

    @Test(arguments: ["../outside.json", "/etc/passwd", "schemas/../../x.json"])
    func refusesPathsThatLeaveThePack(_ path: String) throws {
        let manifest = Fixture.minimal["pack.yaml"]!.replacingOccurrences(of: "schemas/Input.json", with: path)
        let fixture = try Fixture(Fixture.minimal(changing: ["pack.yaml": manifest]))
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root) } == [.unsafePath])
    }

    @Test func refusesSymlinksThatLeadOutsideThePack() throws {
        let fixture = try Fixture(Fixture.minimal(changing: ["schemas/Input.json": nil]))
        defer { fixture.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("outside-\(UUID().uuidString).json")
        try Data("{}".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createDirectory(atPath: fixture.root + "/schemas", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: fixture.root + "/schemas/Input.json",
            withDestinationPath: outside.path
        )
        #expect(loadCodes { try PackLoader.load(fixture.root) } == [.unsafePath])
    }

    @Test func reportsYamlSyntaxErrorsWithFileLineAndColumn() throws {
        let fixture = try Fixture(Fixture.minimal(changing: ["workflows/run.yaml": "steps:\n  a: [1, 2\n"]))
        defer { fixture.remove() }
        do {
            _ = try PackLoader.load(fixture.root)
            Issue.record("expected a failure")
        } catch {
            let problem = try #require(error.errors.first)
            #expect(problem.code == .invalidDocument)
            #expect(problem.location.file.hasSuffix("workflows/run.yaml"))
            #expect(problem.location.line > 0)
        }
    }

    @Test func refusesDuplicateKeysInTheManifest() throws {
        let manifest = Fixture.minimal["pack.yaml"]! + "\nkind: Pack\n"
        let fixture = try Fixture(Fixture.minimal(changing: ["pack.yaml": manifest]))
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root) } == [.invalidDocument])
    }

    @Test func refusesSchemaAndWorkflowFilesThatAreNotObjects() throws {
        let fixture = try Fixture(
            Fixture.minimal(changing: ["schemas/Input.json": "[1]", "workflows/run.yaml": "- a\n"])
        )
        defer { fixture.remove() }
        #expect(loadCodes { try PackLoader.load(fixture.root) } == [.wrongType, .wrongType])
    }

    @Test func keepsTheLiteralTextOfUnquotedVersions() throws {
        let manifest = Fixture.minimal["pack.yaml"]!.replacingOccurrences(
            of: "version: \"0.1.0\"",
            with: "version: 1.10"
        )
        let fixture = try Fixture(Fixture.minimal(changing: ["pack.yaml": manifest]))
        defer { fixture.remove() }
        #expect(try PackLoader.load(fixture.root).version == "1.10")
    }
}
