import EmulatorKit
import Foundation
import PackTesting
import StructuredData
import Testing
import WebhooksEmulator
import WebhooksWorker
import WorkflowEngine

/// `webhooks.deliver` on the host against the subscriber emulator: the ping, one approval that shows the
/// destination and the event, one signed delivery; a rerun and a dry run deliver nothing more.
@Suite("webhooks.deliver on a host")
struct WebhooksDeliverWorkflowTests {
    static let input: JSONValue = [
        "url": "/hooks/billing", "event": "invoice.paid", "delivery_id": "dlv-wf-1",
        "payload": ["invoice": "inv-42", "amount_cents": 1999],
    ]

    @Test("the approval shows the destination; the event is delivered once, and not again on a rerun")
    func deliversOnce() async throws {
        let emulator = try await Emulator.start(try WebhooksEmulator.definition(), port: 0)
        try await withPackRig(try ReceiverHarness.pack, PackRigOptions(emulator: emulator.running)) { rig in
            let id = try await rig.start("webhooks.deliver", Self.input)
            await rig.settle()
            let pending = try await rig.pending(run: id)
            #expect(pending.count == 1)
            #expect(emulator.state.withLock { $0.pings } == 1)
            #expect(emulator.state.withLock { $0.order }.isEmpty)
            #expect(try await rig.approveAll(run: id) == 1)
            await rig.settle()
            #expect(try await rig.run(id).status == .succeeded)
            #expect(emulator.state.withLock { $0.order } == ["dlv-wf-1"])
            let again = try await rig.rerun(id)
            await rig.settle()
            _ = try await rig.approveAll(run: again)
            await rig.settle()
            #expect(
                emulator.requestLog.entries(method: "POST", path: "/hooks/billing").filter {
                    $0.headers["webhook-id"] == "dlv-wf-1"
                }.count == 1
            )
        }
    }

    @Test("a dry run pings nothing it would deliver and delivers nothing")
    func dryRun() async throws {
        let emulator = try await Emulator.start(try WebhooksEmulator.definition(), port: 0)
        try await withPackRig(try ReceiverHarness.pack, PackRigOptions(emulator: emulator.running)) { rig in
            let id = try await rig.start("webhooks.deliver", Self.input, dryRun: true)
            await rig.settle()
            _ = try await rig.approveAll(run: id)
            await rig.settle()
            #expect(emulator.state.withLock { $0.order }.isEmpty)
        }
    }
}
