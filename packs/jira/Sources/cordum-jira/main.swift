import Foundation
import JiraWorker
import WorkerKit

// cordum-jira: the Jira pack's worker over CAP. Configuration: packs/jira/README.md and docs/workerkit.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "jira", environment: environment)
    let jira = try JiraConfiguration(environment: environment, secrets: configuration.secrets)
    try await JiraWorker.make(configuration: jira).run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("cordum-jira: \(error)\n".utf8))
    exit(2)
}
