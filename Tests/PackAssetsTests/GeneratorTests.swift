import Foundation
import PackAssets
import Testing

@Suite struct GeneratorTests {
    @Test(arguments: ["hello", "github"])
    func theCheckedInFilesAreWhatTheTableGenerates(_ pack: String) throws {
        let stale = try AssetFixture(pack).generator.staleFiles()
        #expect(stale.isEmpty, "\(stale)")
    }

    @Test func generatingTwiceChangesNothing() throws {
        var fixture = try AssetFixture("hello")
        try fixture.edit(
            "topics.yaml",
            "{ timeout_seconds: 30, max_retries: 2 }",
            "{ timeout_seconds: 45, max_retries: 1 }"
        )
        let first = try fixture.generator.plan()
        fixture.apply(first)
        let second = try fixture.generator.plan()
        #expect(first == second)
        #expect(try fixture.generator.staleFiles().isEmpty)
        #expect(fixture.files["overlays/timeouts.patch.yaml"]?.contains("timeout_seconds: 45") == true)
        for file in first.files {
            #expect(file.text.hasSuffix("\n") && !file.text.hasSuffix("\n\n"), "\(file.path) ends badly")
        }
        #expect(first.files.map(\.path) == first.files.map(\.path).sorted())
    }

    @Test func aNewActionIsAddedEverywhereAndARemovedOneLeavesNoFileBehind() throws {
        var fixture = try AssetFixture("hello")
        try fixture.edit(
            "topics.yaml",
            "  - action: guestbook.sign\n",
            "  - action: wave\n    risk: [read]\n    result:\n      - { name: waved, type: boolean }\n  - action: guestbook.sign\n"
        )
        fixture.files["schemas/WaveInput.json"] =
            #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"}"#
        let plan = try fixture.generator.plan()
        fixture.apply(plan)
        let manifest = try #require(fixture.files["pack.yaml"])
        #expect(manifest.contains("  - name: job.hello.wave\n    capability: hello.wave\n    riskTags: [read]\n"))
        #expect(manifest.contains("    - id: hello/WaveOutput\n      path: schemas/WaveOutput.json\n"))
        #expect(manifest.contains("    - name: wave_is_allowed\n"))
        #expect(fixture.files["overlays/pools.patch.yaml"]?.contains("  job.hello.wave: hello\n") == true)
        #expect(fixture.files["overlays/policy.fragment.yaml"]?.contains("        - job.hello.wave\n") == true)
        #expect(fixture.files["schemas/WaveOutput.json"]?.contains("\"waved\"") == true)

        try fixture.edit("topics.yaml", "  - action: wave\n    risk: [read]\n", "  - action: wave2\n    risk: [read]\n")
        fixture.files["schemas/Wave2Input.json"] = fixture.files["schemas/WaveInput.json"]
        let renamed = try fixture.generator.plan()
        #expect(renamed.obsolete == ["schemas/WaveOutput.json"])
        #expect(try fixture.generator.staleFiles().contains { $0.path == "schemas/WaveOutput.json" })
    }

    @Test func handWrittenTextOutsideTheRegionsStays() throws {
        var fixture = try AssetFixture("github")
        try fixture.edit(
            "pack.yaml",
            "    - name: undeclared_topic_is_denied\n",
            "    # mine\n    - name: undeclared_topic_is_denied\n"
        )
        let plan = try fixture.generator.plan()
        let manifest = try #require(plan.files.first { $0.path == "pack.yaml" }?.text)
        #expect(manifest.contains("    # mine\n    - name: undeclared_topic_is_denied\n"))
        let fragment = try #require(plan.files.first { $0.path == "overlays/policy.fragment.yaml" }?.text)
        #expect(fragment.contains("reason: deleting branches and releases is disabled by the github pack"))
    }

    @Test func staleFilesNameTheFirstDifferingLine() throws {
        var fixture = try AssetFixture("hello")
        try fixture.edit("overlays/pools.patch.yaml", "  job.hello.greet: hello\n", "  job.hello.greet: other\n")
        let stale = try fixture.generator.staleFiles()
        #expect(stale.map(\.path) == ["overlays/pools.patch.yaml"])
        #expect(stale.first?.line == 3)
        #expect(stale.first?.difference.contains("\"job.hello.greet: other\"") == true)
        #expect(stale.first?.difference.contains("\"job.hello.greet: hello\"") == true)
    }
}
