import Foundation
import WebhooksWorker

// cordum-webhooks: the webhooks pack's outbound worker over CAP (`worker`, the default), the inbound receiver
// (`receiver`), or both in one process (`all`). Configuration: packs/webhooks/README.md.
let mode = CommandLine.arguments.dropFirst().first ?? "worker"
do {
    try await WebhooksMain.run(mode: mode, environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("cordum-webhooks: \(error)\n".utf8))
    exit(2)
}
