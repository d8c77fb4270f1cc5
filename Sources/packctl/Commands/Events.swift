import ArgumentParser
import PackHost
import StructuredData

/// `packctl events`: follows a running host's event stream.
struct Events: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Follow a running host's events (GET /api/v1/events; needs --host).",
        discussion: """
            Prints one event per line: id, type, subject and run, then what it is about (docs/events.md lists the \
            types). --type narrows to types or families (run.*, approval.requested; repeatable), --workflow and \
            --pack to one workflow or pack. --since ID replays the events after ID first (0: from the start). When \
            the host cuts the stream (a slow consumer) the command reconnects from the last id it printed, so \
            nothing is lost. --count N stops after N events. --format json prints each event's JSON on one line.
            Exit codes: 0 stopped after --count events or the host stopped; 2 no --host, a bad filter, or the host \
            cannot be reached.
            """
    )

    @OptionGroup var target: HostTargetOptions

    @Option(name: .long, help: "An event type or family to show (repeatable; default all).")
    var type: [String] = []

    @Option(name: .long, help: "Only this workflow's events.")
    var workflow: String?

    @Option(name: .long, help: "Only this pack's events.")
    var pack: String?

    @Option(name: .long, help: "Replay the events after this id first (0 for the whole log).")
    var since: Int64?

    @Option(name: .long, help: "Stop after this many events.")
    var count: Int?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        do throws(HostError) {
            guard let client = try target.client() else {
                throw HostError(.invalidArgument, "packctl events follows a running host: pass --host URL")
            }
            defer { Task { await client.close() } }
            var query: [(String, String)] = []
            if !type.isEmpty { query.append(("type", type.joined(separator: ","))) }
            if let workflow { query.append(("workflow_id", workflow)) }
            if let pack { query.append(("pack_id", pack)) }
            var last = since
            var printed = 0
            while true {
                let (end, resumeFrom) = try await client.followEvents(query: query, lastEventID: last) { event in
                    printFlushed(format == .json ? JSONEncoding.compact(event) : Self.text(event))
                    printed += 1
                    return count.map { printed < $0 } ?? true
                }
                last = resumeFrom ?? last
                guard case .closed(let reason) = end, reason == "slow_consumer" else { return }
                printError("note: the host cut the stream (\(reason ?? "closed")); resuming after event \(last ?? 0)")
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
    }

    /// `<id> <type> <subject> <run?> <detail>`.
    static func text(_ event: JSONValue) -> String {
        let id = event["id"]?.intValue.map(String.init) ?? "?"
        let type = event["type"]?.stringValue ?? "?"
        let subject = event["subject"]?.stringValue ?? ""
        let data = event["data"] ?? .null
        var line = "\(id)\t\(type)\t\(subject)"
        if let run = event["run_id"]?.stringValue, run != subject { line += "\trun \(run)" }
        let detail =
            data["step_id"]?.stringValue.map { "step \($0)" } ?? data["topic"]?.stringValue
            ?? data["version"]?.stringValue
        if let detail { line += "\t\(detail)" }
        if type == "approval.requested", let digest = data["digest"]?.stringValue { line += "\tdigest \(digest)" }
        return line
    }
}
