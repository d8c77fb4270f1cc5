import ArgumentParser
import PackHost
import StructuredData

/// How `run --wait`, `approve` and `reject` report where a run ended up.
enum RunReport {
    /// Prints the run and returns the exit status: 0 succeeded or waiting for an approval, 1 otherwise.
    static func print(_ run: JSONValue, outcome: RunWaitOutcome, format: OutputFormat) -> ExitCode {
        let id = run["id"]?.stringValue ?? "?"
        let status = run["status"]?.stringValue ?? "unknown"
        switch format {
        case .json:
            Swift.print(JSONEncoding.pretty(.object(json(run, outcome: outcome))))
        case .text:
            Swift.print(text(run))
            switch outcome {
            case .finished: break
            case .waitingForApproval(let ids):
                for approval in ids {
                    Swift.print("run \(id) is waiting for approval \(approval)")
                    Swift.print("  approve: packctl approve \(approval) --reason TEXT")
                    Swift.print("  reject:  packctl reject \(approval) --reason TEXT")
                }
            case .stillRunning:
                Swift.print("run \(id) has not finished yet (\(status)); see: packctl timeline \(id)")
            }
        }
        return exitStatus(run, outcome: outcome)
    }

    /// 0 when the run succeeded or waits for an approval, 1 otherwise.
    static func exitStatus(_ run: JSONValue, outcome: RunWaitOutcome) -> ExitCode {
        switch outcome {
        case .waitingForApproval: ExitStatus.success
        case .stillRunning: ExitStatus.checkFailed
        case .finished: run["status"]?.stringValue == "succeeded" ? ExitStatus.success : ExitStatus.checkFailed
        }
    }

    /// `{run, outcome: finished|waiting_for_approval|still_running, approvals: [ids]}`.
    static func json(_ run: JSONValue, outcome: RunWaitOutcome) -> [String: JSONValue] {
        switch outcome {
        case .finished: ["run": run, "outcome": "finished", "approvals": []]
        case .waitingForApproval(let ids):
            ["run": run, "outcome": "waiting_for_approval", "approvals": .array(ids.map(JSONValue.string))]
        case .stillRunning: ["run": run, "outcome": "still_running", "approvals": []]
        }
    }

    /// `run <id> <workflow> <status>`, the run's error, and one line per step in start order.
    static func text(_ run: JSONValue) -> String {
        let id = run["id"]?.stringValue ?? "?"
        var lines = [
            "run \(id) \(run["workflow_id"]?.stringValue ?? "?") \(run["status"]?.stringValue ?? "unknown")"
        ]
        if let message = run["error"]?["message"]?.stringValue { lines.append("  error: \(message)") }
        let steps = (run["steps"]?.objectValue ?? [:]).values.sorted {
            ($0["started_at"]?.stringValue ?? "~", $0["step_id"]?.stringValue ?? "")
                < ($1["started_at"]?.stringValue ?? "~", $1["step_id"]?.stringValue ?? "")
        }
        for step in steps {
            var line = "  step \(step["step_id"]?.stringValue ?? "?") \(step["status"]?.stringValue ?? "?")"
            if let message = step["error"]?["message"]?.stringValue {
                line += ": \(message)"
            } else if let output = step["output"], !output.isNull {
                line += " " + shortened(JSONEncoding.compact(output))
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Text cut to 160 characters.
    static func shortened(_ text: String) -> String {
        text.count > 160 ? String(text.prefix(157)) + "..." : text
    }
}
