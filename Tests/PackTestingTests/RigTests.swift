import Foundation
import HelloWorker
import PackHost
import PackTesting
import StructuredData
import Synchronization
import Testing
import WorkflowEngine

/// The rig: runs as one principal and approves as another, and always tears down.
@Suite("PackRig")
struct RigTests {
    struct Planned: Error {}

    @Test("withPackRig removes the host's folder when the body throws")
    func teardownOnThrow() async throws {
        let pack = try PackUnderTest(id: "hello", worker: HelloWorker.registration, emulator: nil)
        let directory = Mutex<URL?>(nil)
        await #expect(throws: Planned.self) {
            try await withPackRig(pack) { rig in
                directory.withLock { $0 = rig.directory }
                #expect(FileManager.default.fileExists(atPath: rig.directory.path))
                throw Planned()
            }
        }
        let used = try #require(directory.withLock { $0 })
        #expect(!FileManager.default.fileExists(atPath: used.path))
    }

    @Test("a run started by the requester is approved by someone else and succeeds")
    func separationOfDuties() async throws {
        let pack = try PackUnderTest(id: "hello", worker: HelloWorker.registration, emulator: nil)
        try await withPackRig(pack) { rig in
            let id = try await rig.start("hello.greet-and-sign", ["name": "Ada"])
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(approval.requestedBy == PackRig.requester)
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.approveAll(run: id) == 0)
            #expect(try await rig.host.approval(approval.id, tenant: PackRig.tenant).decidedBy == PackRig.approver)
        }
    }
}
