import Foundation
import HelloWorker
import PackTesting
import StructuredData
import WorkerKit

/// A copy of the hello pack in a temporary folder with a conformance declaration of the test's choosing, so tests
/// can show what the suite catches.
struct ScratchPack {
    let folder: URL

    init(declaration: String) throws {
        let hello = try PackUnderTest.packFolder("hello")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("scratch-\(UUID().uuidString)/hello")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("Tests"),
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(
            at: hello.appendingPathComponent("pack"),
            to: folder.appendingPathComponent("pack")
        )
        try declaration.write(
            to: folder.appendingPathComponent("Tests/conformance.yaml"),
            atomically: true,
            encoding: .utf8
        )
    }

    /// The pack with `worker` (hello's own by default).
    func pack(worker: WorkerRegistration = HelloWorker.registration) throws -> PackUnderTest {
        try PackUnderTest(folder: folder, worker: worker, emulator: nil)
    }

    func remove() { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }

    /// hello's own declaration.
    static let helloDeclaration = """
        actions:
          job.hello.greet:
            input: {name: Ada}
          job.hello.guestbook.sign:
            input: {name: Ada, message: Hi}
        """
}
