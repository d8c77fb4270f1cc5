import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Subworkflow steps on the host run the workflows their run's tenant can see: the tenant's own and the packs'.
@Suite struct HostSubworkflowTests {
    /// A host on real stores with pack `sub` (topic `job.sub.read`, workflow `sub.read`) and an echo worker, plus
    /// pack workflow `sub.outer` that calls `sub.read`.
    static func services() async throws -> (HostServices, EchoWorker) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("host-sub-\(UUID().uuidString)")
        let services = try HostServices.open(paths: HostPaths(dataDirectory: directory.path), clock: ManualClock())
        var files = SyntheticPack(id: "sub").files
        files["pack.yaml"] = files["pack.yaml"]!.replacingOccurrences(
            of: "    - id: sub.read\n      path: workflows/read.yaml",
            with:
                "    - id: sub.read\n      path: workflows/read.yaml\n    - id: sub.outer\n      path: workflows/outer.yaml"
        )
        files["workflows/outer.yaml"] = """
            id: sub.outer
            name: outer
            version: "1"
            steps:
              call:
                type: subworkflow
                workflow_id: sub.read
                input: {name: "${input.name}"}
            """
        try services.installer.install(path: InstallFixture.write(files))
        try await services.configurationChanged()
        let worker = EchoWorker(id: "sub-worker", pool: "sub")
        try await services.host.register(worker)
        return (services, worker)
    }

    static func saveWorkflow(_ yaml: String, id: String, tenant: String, in services: HostServices) throws {
        let document = try YAMLLoader.load(yaml, file: id)
        let now = services.clock.now()
        try services.database.write { db in
            _ = try WorkflowRegistry.save(id: id, document: document, tenant: tenant, at: now, in: db)
        }
    }

    static let parentYAML = """
        id: tenant.parent
        steps:
          call:
            type: subworkflow
            workflow_id: tenant.child
            input: {name: "${input.name}"}
          after:
            type: transform
            depends_on: [call]
            input: {child: "${steps.call.output.status}"}
        """

    static let childYAML = """
        id: tenant.child
        steps:
          read:
            topic: job.sub.read
            input: {name: "${input.name}"}
            meta: {pack_id: sub, capability: sub.read, risk_tags: [read]}
        """

    @Test func aTenantWorkflowRunsAnotherOfTheTenantsWorkflowsEndToEnd() async throws {
        let (services, worker) = try await Self.services()
        try Self.saveWorkflow(Self.childYAML, id: "tenant.child", tenant: "tenant-a", in: services)
        try Self.saveWorkflow(Self.parentYAML, id: "tenant.parent", tenant: "tenant-a", in: services)
        let host = services.host
        let started = try await host.startRun(
            workflowID: "tenant.parent",
            input: ["name": "Ada"],
            tenant: "tenant-a",
            principal: "alice"
        )
        await host.settle()
        let run = try await host.run(started.id, tenant: "tenant-a")
        #expect(run.status == .succeeded, "\(run.steps["call"]?.error?.message ?? "")")
        #expect(run.steps["after"]?.output?["child"] == "succeeded")
        #expect(worker.ran.count == 1)
        let childRunID = try #require(run.steps["call"]?.output?["run_id"]?.stringValue)
        let child = try await host.run(childRunID, tenant: "tenant-a")
        let job = try await host.job(try #require(child.steps["read"]?.jobID), tenant: "tenant-a")
        #expect(job.principal == "alice", "the child's jobs act for whoever started the top-level run")
    }

    @Test func aPackWorkflowRunsOneOfItsPacksWorkflowsEndToEnd() async throws {
        let (services, worker) = try await Self.services()
        let host = services.host
        let started = try await host.startRun(
            workflowID: "sub.outer",
            input: ["name": "Ada"],
            tenant: "tenant-b",
            principal: "bob"
        )
        await host.settle()
        let run = try await host.run(started.id, tenant: "tenant-b")
        #expect(run.status == .succeeded, "\(run.steps["call"]?.error?.message ?? "")")
        #expect(run.steps["call"]?.output?["status"] == "succeeded")
        #expect(worker.ran.count == 1)
    }

    @Test func aTenantWorkflowCannotRunAnotherTenantsWorkflow() async throws {
        let (services, worker) = try await Self.services()
        try Self.saveWorkflow(Self.childYAML, id: "tenant.child", tenant: "tenant-a", in: services)
        try Self.saveWorkflow(Self.parentYAML, id: "tenant.parent", tenant: "tenant-b", in: services)
        let host = services.host
        let started = try await host.startRun(
            workflowID: "tenant.parent",
            input: ["name": "Eve"],
            tenant: "tenant-b",
            principal: "bob"
        )
        await host.settle()
        let run = try await host.run(started.id, tenant: "tenant-b")
        #expect(run.status == .failed)
        #expect(run.steps["call"]?.error?.code == "subworkflow_failed")
        #expect(worker.ran.isEmpty)
    }
}
