import Foundation
import ServerTesting
import Testing

@Suite struct BuildCommandTests {
    /// A new temporary folder.
    static func temporaryFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.path
    }

    /// A copy of the repository's hello pack in a temporary folder, as `<folder>/packs/hello`.
    static func copyOfPacks() throws -> String {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/packs", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: PackctlRunner.repositoryRoot + "/packs/hello",
            toPath: folder + "/packs/hello"
        )
        return folder
    }

    @Test func buildWritesTheBundleAndCatalogAndReportsProgress() async throws {
        let out = try Self.temporaryFolder() + "/public"
        let output = try await PackctlRunner.run([
            "build", "packs/hello", "--out", out, "--base-url", "https://packs.example.com/",
        ])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.hasPrefix("built hello 0.1.0 → \(out)/packs/hello/0.1.0/pack.tgz ("))
        #expect(output.stdout.hasPrefix("built 1 pack into \(out): \(out)/catalog.json lists 1 entry"))
        let catalog = try String(contentsOfFile: out + "/catalog.json", encoding: .utf8)
        #expect(catalog.contains("\"url\": \"https://packs.example.com/packs/hello/0.1.0/pack.tgz\""))
        #expect(FileManager.default.fileExists(atPath: out + "/packs/hello/0.1.0/pack.tgz"))
    }

    @Test func twoBuildsAreByteIdenticalWithSourceDateEpoch() async throws {
        let folder = try Self.temporaryFolder()
        for name in ["one", "two"] {
            let output = try await PackctlRunner.run(
                ["build", "--out", folder + "/" + name],
                environment: ["SOURCE_DATE_EPOCH": "1700000000"]
            )
            #expect(output.status == 0, "\(output.stderr)")
        }
        for file in ["catalog.json", "packs/hello/0.1.0/pack.tgz"] {
            let one = FileManager.default.contents(atPath: folder + "/one/" + file)
            #expect(one != nil && one == FileManager.default.contents(atPath: folder + "/two/" + file), "\(file)")
        }
        let catalog = try String(contentsOfFile: folder + "/one/catalog.json", encoding: .utf8)
        #expect(catalog.hasPrefix("{\n  \"updated_at\": \"2023-11-14T22:13:20Z\",\n  \"packs\": [\n"))
    }

    @Test func aFailingSimulationBlocksTheBuildWithExitOneAndWritesNothing() async throws {
        let folder = try Self.copyOfPacks()
        let manifest = folder + "/packs/hello/pack/pack.yaml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "expectDecision: ALLOW\n", with: "expectDecision: DENY\n")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let output = try await PackctlRunner.run(["build", folder + "/packs", "--out", folder + "/public"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("pack hello 0.1.0"))
        #expect(output.stdout.contains("simulation_failed: simulation \"greet_is_allowed\""))
        #expect(output.stdout.hasSuffix("nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/public"))
        let json = try await PackctlRunner.run([
            "build", folder + "/packs", "--out", folder + "/public", "--format", "json",
        ])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["written"] as? Bool == false)
        let blocked = try #require(object["blocked"] as? [[String: Any]])
        #expect(blocked.contains { $0["code"] as? String == "simulation_failed" })
    }

    @Test(arguments: [
        ["--base-url", ""], ["--base-url", "packs.example.com"], ["--base-url", "ftp://x.example.com"],
    ])
    func anUnusableBaseURLExitsTwo(_ option: [String]) async throws {
        let out = try Self.temporaryFolder() + "/public"
        let output = try await PackctlRunner.run(["build", "--out", out] + option)
        #expect(output.status == 2)
        #expect(output.stderr.contains("--base-url"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func anEmptyPacksBaseURLVariableExitsTwo() async throws {
        let out = try Self.temporaryFolder() + "/public"
        let output = try await PackctlRunner.run(["build", "--out", out], environment: ["PACKS_BASE_URL": ""])
        #expect(output.status == 2)
        #expect(output.stderr.contains("PACKS_BASE_URL"))
    }

    @Test func previousKeepsOlderVersionsAndRefusesChangedPublishedOnes() async throws {
        let folder = try Self.copyOfPacks()
        let packs = folder + "/packs"
        let out = folder + "/public"
        #expect(try await PackctlRunner.run(["build", packs, "--out", out]).status == 0)
        let manifest = packs + "/hello/pack/pack.yaml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try text.replacingOccurrences(of: "version: \"0.1.0\"", with: "version: \"0.2.0\"")
            .write(toFile: manifest, atomically: true, encoding: .utf8)
        let merged = try await PackctlRunner.run(["build", packs, "--out", out, "--previous", out + "/catalog.json"])
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        #expect(merged.stdout.contains("lists 2 entries (1 kept from the previous catalog)"))
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: packs + "/hello/pack/NOTES.md"))
        let refused = try await PackctlRunner.run(["build", packs, "--out", out, "--previous", out + "/catalog.json"])
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("immutable_version: hello 0.2.0 is already published"))
    }

    @Test func anUnreadablePreviousCatalogExitsTwo() async throws {
        let folder = try Self.temporaryFolder()
        let output = try await PackctlRunner.run([
            "build", "--out", folder + "/public", "--previous", folder + "/none.json",
        ])
        #expect(output.status == 2)
        #expect(output.stderr.contains("none.json"))
    }
}
