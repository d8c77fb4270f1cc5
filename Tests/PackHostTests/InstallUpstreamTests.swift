import Foundation
import ServerTesting
import Testing
import WorkflowEngine

@testable import PackHost

@Suite("Upstream packs")
struct InstallUpstreamTests {
    /// `/tmp/upstream/packs`, extracted from the cordum-packs mirror when it is there.
    static var upstreamPacks: String? {
        let folder = "/tmp/upstream/packs"
        if FileManager.default.fileExists(atPath: folder) { return folder }
        let mirror = "/work/.mirror/cordum-io+cordum-packs/repo"
        guard FileManager.default.fileExists(atPath: mirror) else { return nil }
        try? FileManager.default.createDirectory(atPath: "/tmp/upstream", withIntermediateDirectories: true)
        let extract = "git -C '\(mirror)' archive HEAD | tar -x -C /tmp/upstream"
        guard (try? SpawnedProcess.run("/bin/sh", arguments: ["-c", extract])) != nil else { return nil }
        return FileManager.default.fileExists(atPath: folder) ? folder : nil
    }

    @Test(
        "all 16 packs of Cordum's repository install together into one host, and uninstall cleanly",
        .enabled(if: upstreamPacks != nil, "the cordum-packs mirror is not on this machine")
    )
    func allTogether() throws {
        let folder = try #require(Self.upstreamPacks)
        let ids = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(ids.count == 16)
        let installer = try InstallFixture.installer()
        for id in ids {
            let result = try installer.install(path: folder + "/" + id)
            #expect(result.applied, "\(id)")
        }
        let records = try installer.list()
        #expect(records.count == 16)
        #expect(records.allSatisfy { $0.isInstalled })
        let governance = try installer.database.read { db in try Governance.load(in: db) }
        #expect(governance.pools.topics["job.github.read"] != nil)
        for id in records.map(\.id) { try installer.uninstall(id, purge: true) }
        let data = try installer.database.read { db in try ConfigStore.get(.system, in: db)?.data ?? [:] }
        #expect(data.isEmpty)
    }
}
