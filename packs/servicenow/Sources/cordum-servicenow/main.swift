import Foundation
import ServiceNowWorker
import WorkerKit

// cordum-servicenow: the ServiceNow pack's worker over CAP. Configuration: packs/servicenow/README.md and
// docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "servicenow", environment: environment)
    let servicenow = try ServiceNowConfiguration(environment: environment, secrets: configuration.secrets)
    try await ServiceNowWorker.make(configuration: servicenow).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-servicenow: \(error)\n".utf8))
    exit(2)
}
