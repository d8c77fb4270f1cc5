import Foundation
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

/// `artifact` steps on the host: the rendered content lands in the run tenant's artifact store, labelled with the
/// run, and the audit log records where (never what).
@Suite struct HostArtifactStepTests {
    static let reportYAML = """
        id: tenant.report
        steps:
          measure:
            topic: job.sub.read
            input: {name: "${input.name}"}
            meta: {pack_id: sub, capability: sub.read, risk_tags: [read]}
          report:
            type: artifact
            depends_on: [measure]
            input:
              name: report.md
              content: "# Report for ${input.name}\\n\\nThe worker said ${steps.measure.output.echo.name}."
              retention: short
          summary:
            type: transform
            depends_on: [report]
            input: {text: "Report: ${steps.report.output.pointer}"}
        """

    /// Runs tenant-a's report workflow for alice to its end.
    static func finishedReport() async throws -> (HostServices, PackHost, RunState, RunState) {
        let (services, _) = try await HostSubworkflowTests.services()
        try HostSubworkflowTests.saveWorkflow(Self.reportYAML, id: "tenant.report", tenant: "tenant-a", in: services)
        let host = services.host
        let started = try await host.startRun(
            workflowID: "tenant.report",
            input: ["name": "Ada"],
            tenant: "tenant-a",
            principal: "alice"
        )
        await host.settle()
        return (services, host, started, try await host.run(started.id, tenant: "tenant-a"))
    }

    @Test func aRunStoresItsReportUnderItsTenant() async throws {
        let (services, _, started, run) = try await Self.finishedReport()
        #expect(run.status == .succeeded, "\(run.steps["report"]?.error?.message ?? "")")
        let output = try #require(run.steps["report"]?.output)
        let pointer = try #require(output["pointer"]?.stringValue)
        #expect(run.steps["summary"]?.output?["text"] == .string("Report: \(pointer)"))

        let artifact = try services.artifacts.get(tenant: "tenant-a", pointer: pointer)
        let text = String(decoding: artifact.content, as: UTF8.self)
        #expect(text == "# Report for Ada\n\nThe worker said Ada.")
        #expect(artifact.info.metadata.contentType == "text/markdown; charset=utf-8")
        #expect(artifact.info.metadata.retention == .short)
        #expect(artifact.info.metadata.labels["run_id"] == started.id)
        #expect(artifact.info.metadata.labels["step_id"] == "report")
        #expect(artifact.info.metadata.labels["name"] == "report.md")
        #expect(output["sha256"] == .string(artifact.info.metadata.sha256))
        #expect(output["size_bytes"] == .integer(artifact.content.count))
        #expect(throws: HostError.self) { try services.artifacts.get(tenant: "tenant-b", pointer: pointer) }

        let records = try services.database.read { db in
            try AuditLog.records(tenant: "tenant-a", kinds: ["workflow.artifact"], limit: 10, in: db)
        }
        let record = try #require(records.first)
        #expect(record.event.principal == "alice")
        #expect(record.event.subject == started.id)
        #expect(record.event.data["pointer"] == .string(pointer))
        #expect(!JSONEncoding.compact(record.event.data).contains("Report for Ada"), "the audit keeps no content")
    }

    @Test func storingAgainFindsTheFirstCopy() async throws {
        let (services, host, started, run) = try await Self.finishedReport()
        let first = try #require(run.steps["report"]?.output?["pointer"]?.stringValue)
        // What the runner does when it performs the same outbox entry again after a crash.
        let again = try await host.storeStepArtifact(
            ArtifactRequest(
                runID: started.id,
                workflowID: "tenant.report",
                stepID: "report",
                attempt: 1,
                tenantID: "tenant-a",
                content: Array("other".utf8),
                contentType: "text/plain",
                name: nil,
                retention: "short",
                labels: [:]
            )
        )
        #expect(again.pointer == first)
        #expect(try services.artifacts.list(tenant: "tenant-a", label: (key: "run_id", value: started.id)).count == 1)
    }
}
