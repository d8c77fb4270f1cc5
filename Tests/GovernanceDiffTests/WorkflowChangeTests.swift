import Foundation
import GovernanceDiff
import PackFormat
import StructuredData
import Testing

/// Schemas broken under the same id, and the versioning rule for workflows.
@Suite struct WorkflowChangeTests {
    typealias Edit = DiffFixture.Edit
    static let greetEntry = "    - id: hello.greet\n      path: workflows/greet.yaml\n"
    static let greetRequired = "input_schema:\n  type: object\n  required: [name]\n"
    static let greetRequiresLanguage = "input_schema:\n  type: object\n  required: [name, language]\n"

    @Test func aWorkflowWhoseInputBrokeUnderTheSameIDIsBreaking() throws {
        let report = try DiffFixture.diff(new: [
            Edit(DiffFixture.greetWorkflow, Self.greetRequired, Self.greetRequiresLanguage)
        ])
        let change = try #require(report.changes.first)
        #expect(report.changes.map(\.kind) == [.workflowBreaking])
        #expect(change.subject == "hello.greet")
        #expect(change.details["reasons"] == "property_newly_required")
        #expect(change.details["parts"] == "input")
        #expect(change.details["next_id"] == "hello.greet.v2")
        #expect(change.location?.file.hasSuffix("pack.yaml") == true)
        #expect(change.location?.line ?? 0 > 0)
        #expect(report.needsReview)
    }

    @Test func theSameBreakUnderAV2IDIsFine() throws {
        let report = try DiffFixture.diff(new: [
            Edit(DiffFixture.greetWorkflow, Self.greetRequired, Self.greetRequiresLanguage),
            Edit(
                DiffFixture.manifest,
                Self.greetEntry,
                Self.greetEntry.replacingOccurrences(of: "hello.greet", with: "hello.greet.v2")
            ),
        ])
        #expect(report.changes.map(\.kind) == [.workflowAdded, .workflowRemoved])
        #expect(report.changes.first?.details["version_of"] == "hello.greet")
        #expect(!report.needsReview)
    }

    @Test func keepingTheOldIDUnchangedNextToAV2IsFine() throws {
        let v2 = "    - id: hello.greet.v2\n      path: workflows/greet-v2.yaml\n"
        let folder = try DiffFixture.copy([Edit(DiffFixture.manifest, Self.greetEntry, Self.greetEntry + v2)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try String(contentsOfFile: folder + "/workflows/greet.yaml", encoding: .utf8)
        try original.replacingOccurrences(of: Self.greetRequired, with: Self.greetRequiresLanguage)
            .write(toFile: folder + "/workflows/greet-v2.yaml", atomically: true, encoding: .utf8)
        let report = try PackDiff.compare(try DiffFixture.pack([]), try PackLoader.load(folder))
        #expect(report.changes.map(\.kind) == [.workflowAdded])
    }

    @Test func aFinalStepsOutputSchemaBrokeIsBreakingForTheSchemaAndTheWorkflow() throws {
        let report = try DiffFixture.diff(new: [
            Edit(
                "schemas/SignOutput.json",
                #",\#n    "signed_at": {\#n      "format": "date-time",\#n      "type": "string"\#n    }"#,
                ""
            )
        ])
        #expect(report.changes.map(\.kind) == [.schemaBreaking, .workflowBreaking])
        let schema = try #require(report.changes.first)
        #expect(schema.subject == "hello/SignOutput")
        #expect(schema.details["reason"] == "property_removed")
        #expect(schema.details["direction"] == "output")
        #expect(schema.details["pointer"] == "/properties/signed_at")
        #expect(report.changes.last?.subject == "hello.greet-and-sign")
        #expect(report.changes.last?.details["parts"] == "output")
    }

    @Test func anOutputSchemaGainingAPropertyIsCompatible() throws {
        let report = try DiffFixture.diff(new: [
            Edit(
                "schemas/SignOutput.json",
                #""entry_id": {"#,
                #""note": { "type": "string" }, "entry_id": {"#
            )
        ])
        #expect(report.changes.isEmpty)
    }

    @Test(arguments: [
        ("newly required", #""required": ["name"],"#, #""required": ["name", "language"],"#, "property_newly_required"),
        ("enum narrowed", #""enum": ["en", "fr", "de"]"#, #""enum": ["en", "fr"]"#, "enum_narrowed"),
        ("type changed", #""name": { "type": "string""#, #""name": { "type": "integer""#, "type_changed"),
        ("bound tightened", #""maxLength": 100 },"#, #""maxLength": 50 },"#, "bound_tightened"),
        (
            "property removed",
            #",\#n    "language": { "type": "string", "enum": ["en", "fr", "de"], "default": "en" }"#, "",
            "property_removed"
        ),
    ])
    func anInputSchemaBrokeUnderTheSameID(name: String, old: String, new: String, reason: String) throws {
        let report = try DiffFixture.diff(new: [Edit("schemas/GreetInput.json", old, new)])
        #expect(report.changes.map(\.kind) == [.schemaBreaking], "\(name)")
        #expect(report.changes.first?.details["reason"] == reason)
        #expect(report.changes.first?.details["direction"] == "input")
    }

    @Test func anInputSchemaThatWasOpenAndIsClosedBreaks() throws {
        let closed = #""additionalProperties": false"#
        let open = #""additionalProperties": true"#
        let report = try DiffFixture.diff(old: [Edit("schemas/GreetInput.json", closed, open)], new: [])
        #expect(report.changes.first?.details["reason"] == "additional_properties_closed")
    }

    @Test func compatibleSchemaEditsAreNotReported() throws {
        let report = try DiffFixture.diff(new: [
            Edit("schemas/GreetInput.json", #""enum": ["en", "fr", "de"]"#, #""enum": ["en", "fr", "de", "es"]"#),
            Edit(
                "schemas/GreetInput.json",
                #""title": "GreetInput","#,
                #""title": "GreetInput", "description": "Who to greet.","#
            ),
            Edit(
                "schemas/GreetInput.json",
                #""properties": {"#,
                #""properties": {\#n    "formal": { "type": "boolean" },"#
            ),
        ])
        #expect(report.changes.isEmpty)
    }

    @Test func nextIDs() {
        #expect(WorkflowChanges.nextID("hello.greet") == "hello.greet.v2")
        #expect(WorkflowChanges.nextID("hello.greet.v2") == "hello.greet.v3")
        #expect(WorkflowChanges.nextID("hello.vote") == "hello.vote.v2")
    }
}
