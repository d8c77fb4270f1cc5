import Foundation
import GitHubEmulator
import StructuredData
import Testing
import WorkflowEngine

/// Every example input of every reference workflow (`input_schema.examples`, what `packctl run WORKFLOW --example N`
/// runs) works against the emulator's demo data: the run finishes once its approvals are granted.
@Suite struct GitHubExampleTests {
    struct Example: Sendable, CustomTestStringConvertible {
        let workflow: String
        let number: Int
        let input: JSONValue
        var testDescription: String { "\(workflow) --example \(number)" }
    }

    static var examples: [Example] {
        let folder = GitHubRig.packPath + "/workflows"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
        var examples: [Example] = []
        for file in files where file.hasSuffix(".yaml") {
            guard let data = FileManager.default.contents(atPath: folder + "/" + file),
                let document = try? Document.parse([UInt8](data), file: file),
                let id = document.value["id"]?.stringValue
            else { continue }
            for (number, input) in (document.value["input_schema"]?["examples"]?.arrayValue ?? []).enumerated() {
                examples.append(Example(workflow: id, number: number, input: input))
            }
        }
        return examples
    }

    @Test func everyWorkflowHasAnExample() {
        let workflows = Set(Self.examples.map(\.workflow))
        #expect(
            workflows == [
                "github.issue.triage", "github.pr.review-summary", "github.release.create", "github.pr.merge",
            ]
        )
    }

    @Test(arguments: examples)
    func theExampleRunsToTheEndAgainstTheDemoData(_ example: Example) async throws {
        let rig = try await GitHubRig.start()
        let id = try await rig.start(example.workflow, example.input)
        var run = try await rig.run(id)
        var rounds = 0
        // Approval steps leave the run waiting; a job held for its own approval (the merge) leaves it running.
        while run.status == .waiting || run.status == .running, rounds < 5 {
            for approval in try await rig.pending() { try await rig.approve(approval) }
            run = try await rig.run(id)
            rounds += 1
        }
        #expect(run.status == .succeeded, "\(example.workflow) example \(example.number): \(run.status)")
        if example.workflow == "github.pr.merge" { #expect(rig.state.pull(GitHubRig.repo, 4)?["merged"] == true) }
        await rig.stop()
    }
}
