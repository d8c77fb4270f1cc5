import ArgumentParser
import PackHost
import StructuredData

/// `packctl approvals`: the approvals waiting for a decision.
struct Approvals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List approvals (pending ones; --all for every one).",
        discussion: """
            Prints one approval per line: id, status, kind (step or job), run/step or job, and what the approver \
            is asked, then the action digest it is bound to (pass it to approve --digest to be sure you approve \
            what you saw). --format json prints {"items": [approval JSON]}.
            Exit codes: 0 listed; 2 the store or host cannot be used.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Flag(name: .long, help: "Every approval, decided ones included.")
    var all = false

    @Option(name: .long, help: "At most this many approvals, newest first.")
    var limit = 100

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let items: [JSONValue]
        do {
            items = try await HostSession.using(data: data, target: target) { control throws(HostError) in
                try await control.approvals(includeDecided: all, limit: limit)
            }
        } catch {
            throw failHostCommand(error, format: format)
        }
        switch format {
        case .json: print(JSONEncoding.pretty(["items": .array(items)]))
        case .text:
            if items.isEmpty { print(all ? "no approvals" : "no pending approvals") }
            for item in items { print(Self.text(item)) }
        }
    }

    /// `<id> <status> <kind> <run>/<step> <what is asked>` and the digest on a second line.
    static func text(_ approval: JSONValue) -> String {
        let id = approval["id"]?.stringValue ?? "?"
        let status = approval["status"]?.stringValue ?? "?"
        let kind = approval["kind"]?.stringValue ?? "?"
        var subject = approval["job_id"]?.stringValue ?? ""
        if let run = approval["run_id"]?.stringValue { subject = run + "/" + (approval["step_id"]?.stringValue ?? "") }
        let summary = approval["summary"] ?? .null
        let asked =
            summary["message"]?.stringValue ?? summary["reason"]?.stringValue ?? summary["topic"]?.stringValue
            ?? JSONEncoding.compact(summary)
        var line = "\(id)\t\(status)\t\(kind)\t\(subject)\t\(RunReport.shortened(asked))"
        if let by = approval["decided_by"]?.stringValue {
            line += "\n  decided by \(by): \(approval["reason"]?.stringValue ?? "")"
        }
        line += "\n  digest: \(approval["digest"]?.stringValue ?? "?")"
        return line
    }
}

/// `packctl approve ID --reason TEXT`.
struct Approve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Grant an approval, then follow its run until it finishes or waits again.",
        discussion: """
            ID is an approval id (apr-...) or a held job id. A reason is required. With --digest, the approval is \
            granted only if it is still bound to that action digest (what you saw in `packctl approvals`). \
            Embedded, the command then runs the host with the built-in workers until the run has finished or waits \
            for another approval (at most --timeout seconds).
            A grant needs a principal other than the one that asked, unless self-approval is on for the tenant \
            (always on embedded and under packctl dev, which then say so); a policy's min_approvers keeps the \
            approval pending until that many principals granted it.
            Exit codes: 0 granted (or one grant of several recorded) and the run succeeded or waits again; 1 the run \
            failed or did not finish in time, or the grant is forbidden (no approve role, or one's own request); \
            2 unknown approval, no reason, a digest that does not match, or an approval already decided.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The approval id (or held job id).")
    var id: String

    @Option(name: .long, help: "Why you approve (recorded in the audit log).")
    var reason: String

    @Option(name: .long, help: "The action digest you reviewed; refused if the approval is bound to another.")
    var digest: String?

    @Option(name: .long, help: "How long to follow the run (seconds).")
    var timeout: Int = 120

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let status = try await Decision.decide(
            approve: true,
            id: id,
            reason: reason,
            digest: digest,
            timeout: timeout,
            data: data,
            target: target,
            format: format
        )
        if status != ExitStatus.success { throw status }
    }
}

/// `packctl reject ID --reason TEXT`.
struct Reject: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refuse an approval: the held job or the approval step fails.",
        discussion: """
            ID is an approval id (apr-...) or a held job id. A reason is required. Prints the decision and where the \
            run ended up.
            Exit codes: 0 rejected; 2 unknown approval, no reason, or an approval already decided.
            """
    )

    @OptionGroup var data: HostDataOptions
    @OptionGroup var target: HostTargetOptions

    @Argument(help: "The approval id (or held job id).")
    var id: String

    @Option(name: .long, help: "Why you refuse (recorded in the audit log).")
    var reason: String

    @Option(name: .long, help: "How long to follow the run (seconds).")
    var timeout: Int = 30

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        _ = try await Decision.decide(
            approve: false,
            id: id,
            reason: reason,
            digest: nil,
            timeout: timeout,
            data: data,
            target: target,
            format: format
        )
    }
}

/// What approve and reject share.
enum Decision {
    /// Decides, prints the decision, follows the run; returns the exit status of the run's outcome.
    static func decide(
        approve: Bool,
        id: String,
        reason: String,
        digest: String?,
        timeout: Int,
        data: HostDataOptions,
        target: HostTargetOptions,
        format: OutputFormat
    ) async throws -> ExitCode {
        let session: HostSession
        do {
            session = try await HostSession.open(data: data, target: target, running: true)
        } catch {
            throw failHostCommand(error, format: format)
        }
        do {
            let decided =
                approve
                ? try await session.control.approve(id, reason: reason, digest: digest)
                : try await session.control.reject(id, reason: reason)
            var followed: (run: JSONValue, outcome: RunWaitOutcome)?
            if let runID = decided["run_id"]?.stringValue {
                followed = try await session.control.waitForRun(runID, timeout: .seconds(max(1, timeout)))
            }
            await session.close()
            let status: ExitCode
            switch format {
            case .json:
                var fields = followed.map { RunReport.json($0.run, outcome: $0.outcome) } ?? [:]
                fields["approval"] = decided
                print(JSONEncoding.pretty(.object(fields)))
                status = followed.map { RunReport.exitStatus($0.run, outcome: $0.outcome) } ?? ExitStatus.success
            case .text:
                let verb = approve ? "approved" : "rejected"
                print("\(verb) \(decided["id"]?.stringValue ?? id) (\(decided["status"]?.stringValue ?? "?"))")
                if approve, decided["self_approved"]?.boolValue == true {
                    print(
                        "note: self-approval: the principal that asked also approved (allowed because self-approval "
                            + "is on for this tenant; packctl serve keeps it off unless --allow-self-approval)"
                    )
                }
                if approve, decided["status"]?.stringValue == "pending",
                    let required = decided["required_approvals"]?.intValue,
                    let grants = decided["grants"]?.arrayValue?.count
                {
                    print("waiting for \(required - grants) more approval(s) from other principals")
                }
                if let followed {
                    status = RunReport.print(followed.run, outcome: followed.outcome, format: .text)
                } else {
                    status = ExitStatus.success
                }
            }
            return approve ? status : ExitStatus.success
        } catch {
            await session.close()
            throw failHostCommand(error, format: format)
        }
    }
}
