import Foundation
import Logging
import StructuredData
import WorkerKit

/// One job of a datadog action around WorkerKit's action runtime: before the call, relative ranges resolved
/// (`from`/`to`, `around`/`window`, `range`) and the profile's bounds checked (range, mute, downtime), the mute's
/// and the downtime's times filled in; after the answer, the series counted against `max_series` and charted, a
/// monitor's metric query and scope read from its query, downtimes filtered by change id or monitor.
struct DatadogJob<Transport: ActionTransport>: ActionJobSteps where Transport.Profile == CredentialProfile {
    var runtime: ActionRuntime<Transport>
    var configuration: DatadogConfiguration
    var now: @Sendable () -> Date

    func limits(forProfile profile: String) -> DatadogLimits { configuration.limits(for: profile) }

    /// Large answers go to artifacts after the checks and the chart (the runtime is built without a threshold).
    var evidence: LargeEvidence {
        LargeEvidence(threshold: 256 << 10, labels: ["pack": DatadogConfiguration.packID])
    }

    func prepare(
        _ action: String,
        _ fields: inout [String: JSONValue],
        limits: DatadogLimits,
        profile: String,
        context: JobContext
    ) throws(WorkerError) {
        let current = Int(now().timeIntervalSince1970)
        // Whole minutes, so the plan of a dry run is the request of the real run that follows it.
        let minute = current / 60 * 60
        if let length = DatadogAction.defaultRanges[action] {
            let window = try TimeWindow.resolve(
                &fields,
                names: TimeWindow.Fields(start: "from", end: "to"),
                now: Double(current),
                durations: .weeks,
                defaultRange: Double(length)
            )
            let from = Int((window.start ?? Double(current - length)).rounded(.down))
            let to = Int((window.end ?? Double(current)).rounded(.down))
            try limits.check(range: to - from, profile: profile)
            fields["from"] = .integer(from)
            fields["to"] = .integer(to)
            if action == "metrics.timeseries", fields["interval"] == nil {
                fields["interval"] = .integer(max((to - from + 249) / 250, 1) * 1000)
            }
        }
        switch action {
        case "monitors.mute":
            let end = try end(fields, start: minute)
            try checkEnd(end, start: minute, now: current, what: "mute")
            try limits.check(length: end - minute, of: "mute", profile: profile)
            fields["end"] = .integer(end)
            fields["duration"] = nil
        case "downtimes.create":
            var start = minute
            if let given = fields["start"] {
                guard let seconds = InputTime.wholeSeconds(given) else { throw InputTime.invalid("start", given) }
                start = seconds
            }
            let end = try end(fields, start: start)
            try checkEnd(end, start: start, now: current, what: "downtime")
            try limits.check(length: end - start, of: "downtime", profile: profile)
            fields["start"] = .integer(start)
            fields["end"] = .integer(end)
            fields["duration"] = nil
            if let change = fields["change_id"]?.stringValue {
                let message = fields["message"]?.stringValue ?? "Maintenance window"
                fields["message"] = .string("\(DatadogAction.changeTag(change)) \(message)")
            }
        default:
            break
        }
    }

    /// The end of a mute or downtime: `end`, or `start` plus `duration`.
    private func end(_ fields: [String: JSONValue], start: Int) throws(WorkerError) -> Int {
        if let given = fields["end"] {
            guard let seconds = InputTime.wholeSeconds(given) else { throw InputTime.invalid("end", given) }
            return seconds
        }
        guard let text = fields["duration"]?.stringValue else {
            throw WorkerError(
                code: .invalidInput,
                message: "Give end (a time) or duration (such as 2h): a mute or downtime never lasts indefinitely."
            )
        }
        guard let seconds = UnitDuration.weeks.wholeSeconds(text) else {
            throw UnitDuration.invalid("duration", .string(text))
        }
        return start + seconds
    }

    private func checkEnd(_ end: Int, start: Int, now: Int, what: String) throws(WorkerError) {
        guard end <= start || end <= now else { return }
        throw WorkerError(
            code: .invalidInput,
            message:
                "The \(what) would end at \(InputTime.rfc3339(Double(end))), which is not after its start and now (\(InputTime.rfc3339(Double(max(start, now))))); give a later end or a duration."
        )
    }

    func finish(
        _ action: String,
        _ output: inout [String: JSONValue],
        fields: [String: JSONValue],
        limits: DatadogLimits,
        profile: String,
        context: JobContext
    ) async throws(WorkerError) {
        let result = output["result"]
        switch action {
        case "metrics.query", "metrics.timeseries":
            let series =
                action == "metrics.query"
                ? result?["series"]?.arrayValue?.count ?? 0
                : result?["data"]?["attributes"]?["series"]?.arrayValue?.count ?? 0
            try limits.check(series: series, profile: profile)
            output["series_count"] = .integer(series)
            guard fields["chart"]?.boolValue != false else {
                output["chart"] = .null
                return
            }
            let unit = fields["unit"]?.stringValue ?? ""
            let chart: LineChart
            if action == "metrics.query" {
                let title = fields["title"]?.stringValue ?? fields["query"]?.stringValue ?? "query"
                chart = DatadogChart.v1(result, title: title, unit: unit)
            } else {
                let queries = fields["queries"]?.arrayValue ?? []
                var formulas = (fields["formulas"]?.arrayValue ?? []).map {
                    $0["alias"]?.stringValue ?? $0["formula"]?.stringValue ?? ""
                }
                if formulas.isEmpty {
                    formulas = queries.map { $0["query"]?.stringValue ?? $0["name"]?.stringValue ?? "" }
                }
                chart = DatadogChart.v2(
                    result,
                    formulas: formulas,
                    title: fields["title"]?.stringValue ?? formulas.joined(separator: ", "),
                    unit: unit
                )
            }
            do {
                output["chart"] = try await chart.store(
                    in: context.artifacts,
                    labels: ["pack": DatadogConfiguration.packID, "action": action]
                )
            } catch {
                // The data is the answer; a chart that cannot be stored is left out, not a failed query.
                output["chart"] = .null
                context.logger.notice(
                    "metric query answered without its chart: the artifact was not stored",
                    metadata: ["error_code": "\(error.code)", "error": "\(error.message)"]
                )
            }
        case "monitors.get":
            let monitor = MonitorQuery(result?["query"]?.stringValue ?? "")
            output["metric_query"] = monitor.metricQuery.map(JSONValue.string) ?? .null
            output["scope_query"] = .string(monitor.scopeQuery)
            output["scope_tags"] = .array(monitor.scopeTags.map(JSONValue.string))
            output["state_since"] = DatadogAction.stateSince(result).map(JSONValue.integer) ?? .null
        case "downtimes.list":
            let change = fields["change_id"]?.stringValue.map(DatadogAction.changeTag)
            let monitor = fields["monitor_id"]?.intValue
            guard change != nil || monitor != nil, let items = output["items"]?.arrayValue else { return }
            output["items"] = .array(
                items.filter { item in
                    (change.map { item["message"]?.stringValue?.contains($0) ?? false } ?? true)
                        && (monitor.map { item["monitor_id"]?.intValue == $0 } ?? true)
                }
            )
        default:
            break
        }
    }
}
