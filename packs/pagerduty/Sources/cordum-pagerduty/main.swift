import Foundation
import PagerDutyWorker
import WorkerKit

// cordum-pagerduty: the PagerDuty pack's worker over CAP. Configuration: packs/pagerduty/README.md and
// docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "pagerduty", environment: environment)
    let pagerduty = try PagerDutyConfiguration(environment: environment, secrets: configuration.secrets)
    try await PagerDutyWorker.make(configuration: pagerduty).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-pagerduty: \(error)\n".utf8))
    exit(2)
}
