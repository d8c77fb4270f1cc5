import Foundation
import PackFormat
import StructuredData
import Testing

@Suite struct PackDiscoveryTests {
    func folderOfPacks(_ packs: [String: [String: String]]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("packs-\(UUID().uuidString)").path
        for (name, files) in packs {
            for (path, text) in files {
                let url = URL(fileURLWithPath: root + "/" + name + "/" + path)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(),
                    withIntermediateDirectories: true
                )
                try Data(text.utf8).write(to: url)
            }
        }
        return root
    }

    static func renamed(_ id: String) -> [String: String] {
        var files: [String: String] = [:]
        for (path, text) in Fixture.minimal { files[path] = text.replacingOccurrences(of: "demo", with: id) }
        return files
    }

    @Test func loadsEveryPackOfAFolderInNameOrderSkippingDotFolders() throws {
        let root = try folderOfPacks([
            "zeta": Self.renamed("zeta"),
            "alpha/pack": Self.renamed("alpha"),
            ".hidden": Self.renamed("hidden"),
            "docs": ["README.md": "not a pack"],
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = PackDiscovery.load([root])
        #expect(result.errors.isEmpty)
        #expect(result.packs.map(\.id) == ["alpha", "zeta"])
    }

    @Test func refusesTwoPacksWithTheSameID() throws {
        let root = try folderOfPacks(["one": Self.renamed("same"), "two": Self.renamed("same")])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = PackDiscovery.load([root])
        #expect(result.packs.count == 1)
        #expect(result.errors.map(\.code) == [.duplicatePack])
    }

    @Test func reportsPathsThatHoldNoPack() throws {
        let root = try folderOfPacks(["docs": ["README.md": "x"]])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(PackDiscovery.load([root]).errors.map(\.code) == [.notAPack])
        #expect(PackDiscovery.load([root + "/missing"]).errors.map(\.code) == [.notAPack])
    }

    @Test func keepsLoadingOtherPacksWhenOneIsBroken() throws {
        var broken = Self.renamed("broken")
        broken["pack.yaml"] = "metadata: [\n"
        let root = try folderOfPacks(["good": Self.renamed("good"), "broken": broken])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let result = PackDiscovery.load([root])
        #expect(result.packs.map(\.id) == ["good"])
        #expect(result.errors.map(\.code) == [.invalidDocument])
    }
}
