import DatadogEmulator
import DatadogWorker
import EmulatorKit
import Foundation
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Every write against the emulator: mutes that always end, downtimes, events, incidents, dry runs that send
/// nothing, and monitors.delete refused unless enabled by its exact name.
@Suite("Datadog writes against the emulator")
struct DatadogWriteTests {
    @Test("monitors.mute creates a monitor downtime that ends, and monitors.unmute cancels it")
    func muteAndUnmute() async throws {
        try await EmulatorHarness.with { harness in
            let before = Int(Date().timeIntervalSince1970)
            let muted = await harness.run(
                "monitors.mute",
                ["monitor_id": 1001, "scope": ["host:web-1"], "duration": "2h", "message": "fixing"]
            )
            let output = try #require(muted.output, "\(String(describing: muted.error))")
            let id = try #require(output["result"]?["id"]?.intValue)
            #expect(output["objects"] == [["kind": "downtime", "id": .integer(id), "change": "created"]])
            let end = try #require(output["result"]?["end"]?.intValue)
            #expect(end > before + 7_000 && end <= before + 7_200)
            #expect(output["result"]?["monitor_id"] == 1001)
            #expect(output["result"]?["scope"] == ["host:web-1"])
            let unmuted = await harness.run("monitors.unmute", ["monitor_id": 1001, "downtime_id": .integer(id)])
            #expect(unmuted.output?["result"] == ["cancelled": true, "downtime_id": .integer(id)])
            #expect(harness.emulator.state.withLock { $0.downtimes[id]?["canceled"] } != .null)
        }
    }

    @Test("A mute without an end, past its end, or longer than max_mute is refused before anything is sent")
    func muteBounds() async throws {
        try await EmulatorHarness.with(["CORDUM_DATADOG_MAX_MUTE": "1d"]) { harness in
            let forever = await harness.run("monitors.mute", ["monitor_id": 1001, "end": 1])
            #expect(forever.error?.code == .invalidInput)
            let long = await harness.run("monitors.mute", ["monitor_id": 1001, "duration": "2d"])
            #expect(long.error?.code == .invalidInput)
            #expect(long.error?.message.contains("max_mute 1d") == true, "\(String(describing: long.error))")
            let noEnd = await harness.run("monitors.mute", ["monitor_id": 1001])
            #expect(noEnd.error?.code == .invalidInput)
            #expect(harness.emulator.requestLog.entries(path: "/api/v1/downtime").isEmpty)
        }
    }

    @Test("A dry run returns the exact request as a plan, without keys, and sends nothing")
    func dryRun() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "downtimes.create",
                ["scope": ["env:prod"], "duration": "1h", "message": "kernel"],
                dryRun: true
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["dry_run"] == true)
            #expect(output["plan"]?["method"] == "POST")
            #expect(output["plan"]?["url"]?.stringValue?.hasSuffix("/api/v1/downtime") == true)
            #expect(output["plan"]?["body"]?["scope"] == ["env:prod"])
            let plan = JSONEncoding.compact(output)
            #expect(!plan.contains(DatadogDemo.apiKey) && !plan.contains(DatadogDemo.applicationKey))
            #expect(harness.emulator.requestLog.entries.isEmpty)
        }
    }

    @Test("events.create and incidents.create report what they created")
    func eventAndIncident() async throws {
        try await EmulatorHarness.with { harness in
            let event = await harness.run(
                "events.create",
                ["title": "Deploy", "text": "v2.15", "tags": ["env:prod"], "alert_type": "info"]
            )
            #expect(event.output?["objects"]?[0]?["kind"] == "event", "\(String(describing: event.error))")
            #expect(event.output?["status_code"] == 202)
            let incident = await harness.run("incidents.create", ["title": "Checkout down", "severity": "SEV-2"])
            let output = try #require(incident.output, "\(String(describing: incident.error))")
            #expect(output["status_code"] == 201)
            #expect(output["result"]?["data"]?["attributes"]?["severity"] == "SEV-2")
            #expect(output["objects"]?[0]?["kind"] == "incident")
        }
    }

    @Test("monitors.delete is refused unless the allow list names it exactly; then it deletes")
    func deleteByExactName() async throws {
        try await EmulatorHarness.with { harness in
            let refused = await harness.run("monitors.delete", ["monitor_id": 1002])
            #expect(refused.error?.code == .actionNotAllowed)
            #expect(harness.emulator.state.withLock { $0.monitors[1002] } != nil)
        }
        try await EmulatorHarness.with(["CORDUM_DATADOG_ALLOW_ACTIONS": "*,monitors.delete"]) { harness in
            let deleted = await harness.run("monitors.delete", ["monitor_id": 1002])
            #expect(deleted.output?["result"]?["deleted_monitor_id"] == 1002, "\(String(describing: deleted.error))")
            #expect(harness.emulator.state.withLock { $0.monitors[1002] } == nil)
        }
    }
}
