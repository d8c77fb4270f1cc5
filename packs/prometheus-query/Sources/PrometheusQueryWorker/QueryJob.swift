import Foundation
import Logging
import StructuredData
import WorkerKit

/// What the worker does around WorkerKit's action runtime for this vendor: before the request, relative times
/// resolved (`around`/`window`, `range`) and the profile's bounds checked (range, step, points, silence duration),
/// the silence's creator and times filled in; after the answer, the series counted against `max_series`, rules
/// filtered by name (Prometheus before 2.54 ignores `rule_name[]`), and a range answer charted.
struct QueryJob<Transport: ActionTransport>: ActionJobSteps where Transport.Profile == CredentialProfile {
    var runtime: ActionRuntime<Transport>
    var configuration: PrometheusQueryConfiguration
    var now: @Sendable () -> Date

    func limits(forProfile profile: String) -> QueryLimits { configuration.limits(for: profile) }

    /// Large answers go to artifacts after the checks and the chart (the runtime is built without a threshold).
    var evidence: LargeEvidence {
        LargeEvidence(threshold: 256 << 10, labels: ["pack": PrometheusQueryConfiguration.packID])
    }

    func prepare(
        _ action: String,
        _ fields: inout [String: JSONValue],
        limits: QueryLimits,
        profile: String,
        context: JobContext
    ) throws(WorkerError) {
        let current = now().timeIntervalSince1970
        switch action {
        case "query.range", "query.exemplars", "series", "labels", "label.values":
            let window = try TimeWindow.resolve(
                &fields,
                names: TimeWindow.Fields(start: "start", end: "end"),
                now: current,
                durations: .prometheus,
                defaultRange: action == "query.range" || action == "query.exemplars" ? 3_600 : nil
            )
            guard let start = window.start, let end = window.end else { return }
            var step: Double?
            if action == "query.range" {
                if let given = fields["step"] {
                    guard let seconds = UnitDuration.prometheus.seconds(given) else {
                        throw WorkerError(
                            code: .invalidInput,
                            message: "The step is \(given); expected a duration such as 30s or 1m, or seconds."
                        )
                    }
                    step = seconds
                } else {
                    step = max(((end - start) / 250).rounded(.up), limits.minStep, 1)
                }
                fields["step"] = .string(PromTime.text(step ?? 1))
            }
            try limits.check(range: end - start, step: step, profile: profile)
            fields["start"] = .string(PromTime.text(start))
            fields["end"] = .string(PromTime.text(end))
        case "query":
            if let time = fields["time"] {
                guard let seconds = InputTime.seconds(time) else { throw InputTime.invalid("time", time) }
                fields["time"] = .string(PromTime.text(seconds))
            }
        case "alertmanager.silences.create":
            let duration: Double
            if let given = fields["duration"] {
                guard let seconds = UnitDuration.prometheus.seconds(given) else {
                    throw WorkerError(
                        code: .invalidInput,
                        message: "The duration is \(given); expected a duration such as 30m, 2h or 1d."
                    )
                }
                duration = seconds
            } else {
                duration = 3_600
            }
            try limits.check(silence: duration, profile: profile)
            // Whole minutes, so the plan of a dry run is the request of the real run that follows it; Alertmanager
            // starts a silence whose start has passed at once.
            let start = (current / 60).rounded(.down) * 60
            fields["starts_at"] = .string(InputTime.rfc3339(start, fraction: .milliseconds))
            fields["ends_at"] = .string(InputTime.rfc3339(start + duration, fraction: .milliseconds))
            let principal = context.principal.isEmpty ? "cordum" : context.principal
            fields["created_by"] = .string(principal)
        default:
            break
        }
    }

    func finish(
        _ action: String,
        _ output: inout [String: JSONValue],
        fields: [String: JSONValue],
        limits: QueryLimits,
        profile: String,
        context: JobContext
    ) async throws(WorkerError) {
        let data = output["result"]?["data"]
        switch action {
        case "query", "query.range", "series":
            let count: Int
            if action == "series" {
                count = data?.arrayValue?.count ?? 0
            } else {
                switch data?["resultType"]?.stringValue {
                case "matrix", "vector": count = data?["result"]?.arrayValue?.count ?? 0
                case nil: count = 0
                default: count = 1  // a scalar or a string
                }
            }
            try limits.check(series: count, profile: profile)
            output["series_count"] = .integer(count)
            if action == "query.range" {
                guard fields["chart"]?.boolValue != false else {
                    output["chart"] = .null
                    return
                }
                let title = fields["title"]?.stringValue ?? fields["query"]?.stringValue ?? "query"
                let chart = QueryChart.chart(of: data, title: title, unit: fields["unit"]?.stringValue ?? "")
                do {
                    output["chart"] = try await chart.store(
                        in: context.artifacts,
                        labels: ["pack": PrometheusQueryConfiguration.packID, "action": action]
                    )
                } catch {
                    // The data is the answer; a chart that cannot be stored is left out, not a failed query.
                    output["chart"] = .null
                    context.logger.notice(
                        "range query answered without its chart: the artifact was not stored",
                        metadata: ["error_code": "\(error.code)", "error": "\(error.message)"]
                    )
                }
            }
        case "rules":
            let names = Set((fields["rule_name"]?.arrayValue ?? []).compactMap(\.stringValue))
            guard !names.isEmpty, case .object(var result) = output["result"], case .object(var body) = result["data"]
            else { return }
            let groups = (body["groups"]?.arrayValue ?? []).compactMap { group -> JSONValue? in
                guard case .object(var members) = group else { return nil }
                let rules = (members["rules"]?.arrayValue ?? []).filter {
                    $0["name"]?.stringValue.map(names.contains) ?? false
                }
                guard !rules.isEmpty else { return nil }
                members["rules"] = .array(rules)
                return .object(members)
            }
            body["groups"] = .array(groups)
            result["data"] = .object(body)
            output["result"] = .object(result)
        default:
            break
        }
    }
}
