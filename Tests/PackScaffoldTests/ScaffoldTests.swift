import Foundation
import PackFormat
import PackLint
import PackScaffold
import PackTesting
import PackVerification
import StructuredData
import Testing

@Suite struct ScaffoldTests {
    @Test(arguments: ["acme", "my-vendor2"])
    func aNewPackPassesLintAndTestUnchanged(_ id: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold(id: id).write(to: folder)
        let pack = try PackLoader.load(folder)
        #expect(pack.id == id)
        let lint = PackLinter(packs: [pack]).lint()
        #expect(lint.findings.isEmpty, "\(lint.text())")
        let report = try PolicySuite(packs: [pack]).run()
        #expect(report.passed)
        #expect(report.uncovered.isEmpty)
        #expect(report.unclassified.isEmpty)
    }

    @Test func theConformanceDeclarationSamplesEveryTopicAndWorkflowOfThePack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Scaffold(id: "acme").write(to: folder)
        let declaration = try ConformanceDeclaration(
            contentsOf: URL(fileURLWithPath: folder + "/Tests/conformance.yaml")
        )
        let pack = try PackLoader.load(folder)
        #expect(Set(declaration.actions.keys) == Set(pack.manifest.topics.map(\.name)))
        #expect(declaration.actions.values.allSatisfy { $0.input?.objectValue?["item_id"] == "item-1" })
        #expect(Set(declaration.workflows.keys) == Set(pack.workflows.map(\.workflow.id)))
        #expect(declaration.workflows["acme.item.update"]?.approvals == 1)
        #expect(declaration.workflows["acme.item.update"]?.decisions["update"] == "ALLOW_WITH_CONSTRAINTS")
        #expect(declaration.faultRead == "job.acme.items.get")
        #expect(declaration.faultWrite == "job.acme.items.update")
    }

    @Test(arguments: ["Acme", "", "a_b", "secops", "-x"])
    func refusesInvalidIDs(_ id: String) {
        #expect(throws: Scaffold.InvalidID.self) { _ = try Scaffold(id: id) }
    }

    @Test func refusesToOverwriteWithoutForceAndWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scaffold-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/pack", withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: folder + "/pack/pack.yaml"))
        #expect(throws: Scaffold.WriteError.self) { try Scaffold(id: "acme").write(to: folder) }
        #expect(!FileManager.default.fileExists(atPath: folder + "/README.md"))
        #expect(try String(contentsOfFile: folder + "/pack/pack.yaml", encoding: .utf8) == "mine")
        try Scaffold(id: "acme").write(to: folder, force: true)
        #expect(try PackLoader.load(folder).id == "acme")
    }
}
