import Foundation
import StructuredData
import Synchronization
import Testing

@testable import WorkflowEngine

/// A dispatcher with an in-memory artifact store that can be told to fail.
final class ArtifactDispatcher: JobDispatcher {
    let stored = Mutex<[ArtifactRequest]>([])
    let failure: String?

    init(failure: String? = nil) { self.failure = failure }

    func dispatch(_ job: JobRequest) async throws {}
    func cancel(jobID: String, reason: String) async throws {}
    func notify(_ notification: WorkflowNotification) async throws {}

    struct Refused: Error, CustomStringConvertible { let description: String }

    func storeArtifact(_ request: ArtifactRequest) async throws -> StoredArtifact {
        if let failure { throw Refused(description: failure) }
        let count = stored.withLock {
            $0.append(request)
            return $0.count
        }
        return StoredArtifact(
            pointer: "redis://art:\(count)",
            sizeBytes: request.content.count,
            contentType: request.contentType,
            sha256: "digest-\(count)"
        )
    }
}

@Suite struct ArtifactStepTests {
    static let report = try! Workflow.yaml(
        """
        id: demo.report
        steps:
          measure: {type: transform, input: {availability: 0.995}}
          report:
            type: artifact
            depends_on: [measure]
            input:
              name: "report-${input.service}.md"
              content: "# ${input.service}\\n\\navailability ${steps.measure.output.availability}"
              labels: {service: "${input.service}"}
          summary: {type: transform, depends_on: [report], input: {link: "${steps.report.output.pointer}"}}
        """
    )

    static func runner(_ dispatcher: any JobDispatcher) throws -> WorkflowRunner {
        WorkflowRunner(
            store: try SQLiteRunStore(path: temporaryDatabase()),
            dispatcher: dispatcher,
            clock: ManualClock(),
            makeID: Counter().next
        )
    }

    @Test func storesTheRenderedContentAndOutputsThePointer() async throws {
        let dispatcher = ArtifactDispatcher()
        let run = try await Self.runner(dispatcher).start(Self.report, input: ["service": "api"])
        #expect(run.status == .succeeded)
        let request = try #require(dispatcher.stored.withLock { $0.first })
        #expect(String(decoding: request.content, as: UTF8.self) == "# api\n\navailability 0.995")
        #expect(request.contentType == "text/markdown; charset=utf-8")
        #expect(request.retention == "standard")
        #expect(
            request.labels == [
                "service": "api", "name": "report-api.md", "run_id": "run-1", "workflow_id": "demo.report",
                "step_id": "report",
            ]
        )
        #expect(
            run.steps["report"]?.output == [
                "pointer": "redis://art:1", "size_bytes": .integer(request.content.count),
                "content_type": "text/markdown; charset=utf-8", "sha256": "digest-1", "name": "report-api.md",
            ]
        )
        #expect(run.steps["summary"]?.output == ["link": "redis://art:1"])
    }

    @Test func jsonContentIsStoredAsJSON() async throws {
        let dispatcher = ArtifactDispatcher()
        let workflow = try Workflow.yaml(
            """
            id: demo.json
            steps:
              keep: {type: artifact, input: {content: {a: 1, b: [true]}, retention: audit}}
            """
        )
        let run = try await Self.runner(dispatcher).start(workflow, input: [:])
        #expect(run.status == .succeeded)
        let request = try #require(dispatcher.stored.withLock { $0.first })
        #expect(request.contentType == "application/json")
        #expect(request.retention == "audit")
        #expect(try JSONParser.parse(String(decoding: request.content, as: UTF8.self)) == ["a": 1, "b": [true]])
    }

    @Test(arguments: [
        ("{content: null}", "needs content"),
        ("{content: x, retention: forever}", "retention \"forever\" is not valid; valid: audit, short, standard"),
        ("{content: x, colour: red}", "unknown field \"colour\""),
        ("{content: x, labels: {a: 1}}", "labels must map non-empty names to strings"),
        ("{content: x, content_type: \"  \"}", "content_type must not be empty"),
    ])
    func badInputFailsTheStepWithTheField(input: String, message: String) async throws {
        let dispatcher = ArtifactDispatcher()
        let workflow = try Workflow.yaml("id: demo.bad\nsteps:\n  keep: {type: artifact, input: \(input)}")
        let run = try await Self.runner(dispatcher).start(workflow, input: [:])
        #expect(run.status == .failed)
        let error = try #require(run.steps["keep"]?.error)
        #expect(error.code == "input_invalid")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(dispatcher.stored.withLock { $0.isEmpty })
    }

    @Test func aStoreFailureFailsTheStepAndKeepsItsInput() async throws {
        let run = try await Self.runner(ArtifactDispatcher(failure: "disk full")).start(
            Self.report,
            input: ["service": "api"]
        )
        #expect(run.status == .failed)
        let step = try #require(run.steps["report"])
        #expect(step.error?.code == "artifact_failed")
        #expect(step.error?.message == "the artifact was not stored: disk full")
        #expect(step.input?["name"] == "report-api.md")
        #expect(run.steps["summary"]?.status == .cancelled)
    }

    @Test func aDispatcherWithoutAStoreSaysSo() async throws {
        let run = try await Self.runner(RecordingDispatcher()).start(Self.report, input: ["service": "api"])
        #expect(run.steps["report"]?.error?.message.contains("has no artifact store") == true)
    }

    @Test func aDryRunPlansTheArtifact() async throws {
        let dispatcher = ArtifactDispatcher()
        let run = try await Self.runner(dispatcher).start(
            Self.report,
            input: ["service": "api"],
            options: WorkflowRunner.StartOptions(dryRun: true)
        )
        #expect(run.status == .succeeded)
        #expect(dispatcher.stored.withLock { $0.isEmpty })
        let plan = try #require(run.steps["report"]?.output?["plan"]?["artifact"])
        #expect(plan["name"] == "report-api.md")
        #expect(plan["content_type"] == "text/markdown; charset=utf-8")
        #expect(run.steps["report"]?.planned == true)
    }

    @Test func theActionSurvivesTheOutbox() throws {
        let action = EngineAction.storeArtifact(
            ArtifactRequest(
                runID: "r",
                workflowID: "w",
                stepID: "s",
                attempt: 2,
                tenantID: "t",
                content: Array("é ✓".utf8),
                contentType: "text/plain",
                name: "n.txt",
                retention: "short",
                labels: ["run_id": "r"]
            )
        )
        #expect(try EngineAction(outboxJSON: action.outboxJSON!) == action)
    }

    @Test func theStepTypeIsKnownAndTakesNoJobFields() throws {
        #expect(throws: WorkflowValidationError.self) {
            try Workflow.yaml(
                "id: demo.x\nsteps:\n  keep: {type: artifact, retry: {max_retries: 1}, input: {content: x}}"
            )
        }
    }
}
