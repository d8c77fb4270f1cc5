import Foundation
import ServerTesting
import Testing

/// `packctl diff` and `packctl lint --against`: exit codes, JSON shape, the versioning rule.
@Suite struct DiffCommandTests {
    /// A copy of packs/hello/pack with every `old` replaced by `new` in each named file (all files for `"*"`).
    static func helloCopy(_ edits: [(file: String, old: String, new: String)] = []) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-diff-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("pack").path
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PackctlRunner.repositoryRoot + "/packs/hello/pack", toPath: folder)
        let all = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        for edit in edits {
            for file in edit.file == "*" ? all : [edit.file] {
                let path = folder + "/" + file
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
                else { continue }
                let text = try String(contentsOfFile: path, encoding: .utf8)
                try text.replacingOccurrences(of: edit.old, with: edit.new).write(
                    toFile: path,
                    atomically: true,
                    encoding: .utf8
                )
            }
        }
        return folder
    }

    /// hello with a newly required input on the hello.greet workflow, under the same id.
    static func breakingCopy() throws -> String {
        try helloCopy([("workflows/greet.yaml", "  required: [name]\n", "  required: [name, language]\n")])
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func identicalVersionsExitZero() async throws {
        let copy = try Self.helloCopy()
        let output = try await PackctlRunner.run(["diff", "packs/hello", copy, "--format", "json"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let json = try Self.json(output.stdout)
        #expect((json["changes"] as? [Any])?.isEmpty == true)
        #expect((json["summary"] as? [String: Any])?["review"] as? Int == 0)
    }

    @Test func aChangeThatNeedsReviewExitsOneWithTheJSONShape() async throws {
        let output = try await PackctlRunner.run(["diff", "packs/hello", try Self.breakingCopy(), "--format", "json"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        let json = try Self.json(output.stdout)
        #expect(Set(json.keys) == ["old", "new", "changes", "summary"])
        #expect((json["old"] as? [String: Any])?["id"] as? String == "hello")
        #expect((json["new"] as? [String: Any])?["version"] as? String == "0.1.0")
        let changes = try #require(json["changes"] as? [[String: Any]])
        #expect(changes.map { $0["kind"] as? String } == ["workflow_breaking"])
        #expect(changes.first?["impact"] as? String == "review")
        #expect(changes.first?["subject"] as? String == "hello.greet")
        #expect((json["summary"] as? [String: Any])?["review"] as? Int == 1)
        #expect((json["summary"] as? [String: Any])?["info"] as? Int == 0)
    }

    @Test func infoOnlyChangesExitZero() async throws {
        let copy = try Self.helloCopy([
            (
                "overlays/policy.fragment.yaml", "        # END GENERATED topics policy=allow\n    decision: allow\n",
                "        # END GENERATED topics policy=allow\n    decision: deny\n"
            )
        ])
        let output = try await PackctlRunner.run(["diff", "packs/hello", copy])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("[decision_tightened]"))
    }

    @Test func unusableInputExitsTwo() async throws {
        let missing = try await PackctlRunner.run(["diff", "packs/hello", "/nonexistent/pack", "--format", "json"])
        #expect(missing.status == 2)
        let errors = try #require(try Self.json(missing.stdout)["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "not_a_pack")

        let catalog = try await PackctlRunner.run(["diff", "/nonexistent/catalog.json#hello@0.1.0", "packs/hello"])
        #expect(catalog.status == 2)
    }

    @Test func differentPackIDsExitTwoUnlessAllowed() async throws {
        let other = try Self.helloCopy([("*", "hello", "hallo")])
        let refused = try await PackctlRunner.run(["diff", "packs/hello", other, "--format", "json"])
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        let errors = try #require(try Self.json(refused.stdout)["errors"] as? [[String: Any]])
        #expect(errors.first?["code"] as? String == "different_pack_ids")
        let allowed = try await PackctlRunner.run(["diff", "packs/hello", other, "--allow-different-ids"])
        #expect(allowed.status == 1)
    }

    @Test func aCatalogEntryIsReadFromTheBundleBesideTheCatalog() async throws {
        let copy = try Self.helloCopy()
        let publicFolder = URL(fileURLWithPath: copy).deletingLastPathComponent().appendingPathComponent("public").path
        try FileManager.default.createDirectory(
            atPath: publicFolder + "/packs/hello/0.1.0",
            withIntermediateDirectories: true
        )
        let tar = try SpawnedProcess(
            "/usr/bin/env",
            arguments: [
                "tar", "-czf", publicFolder + "/packs/hello/0.1.0/pack.tgz", "-C", copy, "pack.yaml", "overlays",
                "schemas", "workflows",
            ]
        )
        #expect(await tar.exit() == .exited(0))
        let catalog = """
            {"updated_at": "2026-01-01T00:00:00Z", "packs": [{"id": "hello", "version": "0.1.0", \
            "url": "https://packs.example.com/packs/hello/0.1.0/pack.tgz"}]}
            """
        try catalog.write(toFile: publicFolder + "/catalog.json", atomically: true, encoding: .utf8)
        let output = try await PackctlRunner.run([
            "diff", publicFolder + "/catalog.json#hello@0.1.0", try Self.breakingCopy(),
        ])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("[workflow_breaking]"))
    }

    @Test func lintAgainstReportsTheVersioningRule() async throws {
        let output = try await PackctlRunner.run([
            "lint", try Self.breakingCopy(), "--against", "packs/hello", "--format", "json",
        ])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        let findings = try #require(try Self.json(output.stdout)["findings"] as? [[String: Any]])
        let versioning = findings.filter { $0["rule_id"] as? String == "versioning-breaking-change" }
        #expect(versioning.count == 1)
        #expect((versioning.first?["file"] as? String)?.hasSuffix("pack.yaml") == true)
        #expect(versioning.first?["severity"] as? String == "error")
    }

    @Test func lintAgainstAnUnchangedVersionPasses() async throws {
        let output = try await PackctlRunner.run(["lint", "packs/hello", "--against", try Self.helloCopy()])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
    }

    @Test func lintAgainstAcceptsANewID() async throws {
        let renamed = try Self.helloCopy([
            ("workflows/greet.yaml", "  required: [name]\n", "  required: [name, language]\n"),
            ("pack.yaml", "    - id: hello.greet\n", "    - id: hello.greet.v2\n"),
        ])
        let output = try await PackctlRunner.run(["lint", renamed, "--against", "packs/hello", "--format", "json"])
        let findings = try #require(try Self.json(output.stdout)["findings"] as? [[String: Any]])
        #expect(!findings.contains { $0["rule_id"] as? String == "versioning-breaking-change" })
    }

    @Test func lintAgainstAPackThatIsNotLintedExitsTwo() async throws {
        let other = try Self.helloCopy([("*", "hello", "hallo")])
        let output = try await PackctlRunner.run(["lint", "packs/hello", "--against", other])
        #expect(output.status == 2)
    }
}
