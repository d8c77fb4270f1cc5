import DatadogEmulator
import DatadogWorker
import EmulatorKit
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkflowEngine

/// The datadog pack's reference workflows on the host with the worker in-process and the emulator at hand: the
/// evidence they collect and chart, the mute and the downtime they create (once each, after one approval, under
/// their locks) and the policy decision of each job.
@Suite("Datadog workflows against the emulator")
struct DatadogWorkflowTests {
    func withRig(_ body: (PackRig, Emulator<SeededState<DatadogWorld>>) async throws -> Void) async throws {
        let pack = try PackUnderTest(id: "datadog", worker: DatadogWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try DatadogEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    @Test("monitor.investigate charts the monitor's query over the alert window with its error logs and events")
    func investigate() async throws {
        try await withRig { rig, emulator in
            let id = try await rig.start("datadog.monitor.investigate", ["monitor_id": 1001])
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let summary = try #require(run.steps["summary"]?.output)
            #expect(summary["state"] == "Alert")
            #expect(summary["error_logs"] == 6)
            #expect(summary["events"] == 2)
            #expect(summary["series"] == 1)
            let pointer = try #require(summary["chart"]?.stringValue)
            let artifact = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: pointer)
            #expect(artifact.info.metadata.contentType == "image/svg+xml")
            #expect(String(decoding: artifact.content, as: UTF8.self).contains("CPU high on web-1"))
            #expect(summary["text"]?.stringValue?.contains(pointer) == true)
            // The query window is centred on the moment the monitor started alerting.
            let metrics = try await rig.job(run, "metrics")
            #expect(metrics.input["query"] == "avg:system.cpu.user{host:web-1}")
            #expect(metrics.decision?.ruleID == "datadog-read")
            let logs = try await rig.job(run, "logs")
            #expect(logs.input["query"] == "host:web-1 status:error")
            #expect(emulator.requestLog.entries.allSatisfy { $0.method == "GET" || $0.path.hasPrefix("/api/v2/logs") })
        }
    }

    @Test("monitor.mute mutes once, after one approval, with an end, under the monitor's lock")
    func muteOnce() async throws {
        try await withRig { rig, emulator in
            let input: JSONValue = ["monitor_id": 1001, "duration": "2h", "reason": "rolling out the fix"]
            let id = try await rig.start("datadog.monitor.mute", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(approval.summary["message"]?.stringValue?.contains("CPU high on web-1") == true)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v1/downtime").isEmpty)
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let mute = try await rig.job(run, "mute")
            #expect(mute.decision?.ruleID == "datadog-write-approved")
            #expect(mute.lock?.resource == "datadog:monitor:1001")
            let downtimes = emulator.state.withLock { $0.downtimes.values.filter { $0["monitor_id"] == 1001 } }
            #expect(downtimes.count == 1)
            #expect(downtimes.first?["end"]?.intValue != nil)
            #expect(downtimes.first?["message"] == "rolling out the fix")
            // A rerun of the same run is held by the idempotency key: nothing is muted twice.
            let again = try await rig.rerun(id)
            _ = try await rig.approveAll(run: again)
            _ = try await rig.run(again)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v1/downtime").count == 1)
        }
    }

    @Test("maintenance.window creates the change's downtime once, and its end phase cancels it after approval")
    func maintenanceWindow() async throws {
        try await withRig { rig, emulator in
            let start: JSONValue = [
                "change_id": "CHG-1042", "scope": ["env:prod", "service:web"], "duration": "2h", "message": "kernel",
            ]
            let id = try await rig.start("datadog.maintenance.window", start)
            #expect(try await rig.approveAll(run: id) == 1)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let create = try await rig.job(run, "create")
            #expect(create.lock?.resource == "datadog:change:CHG-1042")
            let created = try #require(run.steps["create"]?.output?["result"]?["id"]?.intValue)
            #expect(emulator.state.withLock { $0.downtimes[created]?["message"] } == "[change CHG-1042] kernel")
            // A second start of the same change is held by the idempotency key.
            let twice = try await rig.start("datadog.maintenance.window", start)
            _ = try await rig.approveAll(run: twice)
            _ = try await rig.run(twice)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v1/downtime").count == 1)
            // The change ends: the end phase finds its downtime and cancels it after one approval.
            let end = try await rig.start(
                "datadog.maintenance.window",
                ["change_id": "CHG-1042", "phase": "end", "scope": ["env:prod", "service:web"]]
            )
            let close = try #require(try await rig.pending(run: end).first)
            #expect(close.summary["message"]?.stringValue?.contains("cancel downtime \(created)") == true)
            try await rig.approve(close)
            let ended = try await rig.run(end)
            #expect(ended.status == .succeeded, "\(ended)")
            #expect(emulator.state.withLock { $0.downtimes[created]?["canceled"] } != .null)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v1/downtime").count == 1)
        }
    }

    @Test("A dry run of maintenance.window shows the downtime's plan and creates nothing")
    func dryRun() async throws {
        try await withRig { rig, emulator in
            let id = try await rig.start(
                "datadog.maintenance.window",
                ["change_id": "CHG-9", "scope": ["env:prod"], "duration": "1h"],
                dryRun: true
            )
            _ = try await rig.approveAll(run: id)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let create = try #require(run.steps["create"]?.output)
            #expect(create["dry_run"] == true)
            #expect(create["plan"]?["body"]?["message"] == "[change CHG-9] Maintenance window")
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v1/downtime").isEmpty)
        }
    }
}
