import Foundation
import HelloWorker
import WorkerKit

// cordum-hello: the hello pack's worker over CAP. Configuration: docs/workerkit.md and packs/hello/README.md.
do {
    let configuration = try WorkerConfiguration(packID: "hello", environment: ProcessInfo.processInfo.environment)
    try await HelloWorker.make().run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-hello: \(error)\n".utf8))
    exit(2)
}
