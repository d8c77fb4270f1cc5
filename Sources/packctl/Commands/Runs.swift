import ArgumentParser
import PackHost
import StructuredData

/// `packctl runs`: the tenant's runs, newest first.
struct Runs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List workflow runs, newest first.",
        discussion: """
            Prints one run per line: id, workflow, status, created time. --format json prints {"items": [WorkflowRun]}.
            Exit codes: 0 listed; 2 an unknown --status, or the store or host cannot be used.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Option(name: .long, help: "Only runs of this workflow.")
    var workflow: String?

    @Option(
        name: .long,
        help: "Only runs in this status (pending, running, waiting, succeeded, failed, cancelled, timed_out)."
    )
    var status: String?

    @Option(name: .long, help: "At most this many runs.")
    var limit = 50

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let items: [JSONValue]
        do {
            items = try await HostSession.using(data: data, target: target) { control throws(HostError) in
                try await control.runs(workflowID: workflow, status: status, limit: limit)
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(["items": .array(items)]))
        case .text:
            if items.isEmpty { print("no runs") }
            for run in items {
                let fields = ["id", "workflow_id", "status", "created_at"].map { run[$0]?.stringValue ?? "-" }
                print(fields.joined(separator: "\t"))
            }
        }
    }
}

/// `packctl timeline RUN`: what happened in a run, in order.
struct Timeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a run's steps and its timeline of events.",
        discussion: """
            Prints the run's status and steps, then one event per line: time, type, step, status, message. \
            --format json prints {"run": WorkflowRun, "events": [event]}.
            Exit codes: 0 shown; 2 no such run (for this tenant), or the store or host cannot be used.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The run id.")
    var runID: String

    @Option(name: .long, help: "At most this many events (the newest).")
    var limit = 200

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let run: JSONValue
        let events: [JSONValue]
        do {
            (run, events) = try await HostSession.using(data: data, target: target) { control throws(HostError) in
                (try await control.run(runID), try await control.timeline(runID, limit: limit))
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(["run": run, "events": .array(events)]))
        case .text:
            print(RunReport.text(run))
            for event in events {
                var line = ["time", "type", "step_id", "status"].map { event[$0]?.stringValue ?? "-" }
                    .joined(separator: "\t")
                if let message = event["message"]?.stringValue, !message.isEmpty { line += "\t" + message }
                print(line)
            }
        }
    }
}
