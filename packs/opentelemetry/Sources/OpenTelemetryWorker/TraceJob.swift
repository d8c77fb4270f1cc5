import Foundation
import Logging
import StructuredData
import WorkerKit

/// What the worker does around WorkerKit's action runtime: before the request, the time range (`start`/`end` or
/// `range`, default the last hour; searches, comparisons and the dependency graph), durations and limit resolved and checked against the profile's bounds; after the
/// answer, a search summarised per trace (and its error spans grouped by operation and error), a trace counted
/// (stored as an artifact when it has more spans than `max_spans`), analysed (``TraceAnalysis`` with its
/// ``WaterfallChart``) or compared (``TraceComparison``).
struct TraceJob: ActionJobSteps {
    var runtime: ActionRuntime<JaegerTransport>
    var configuration: OpenTelemetryConfiguration
    var now: @Sendable () -> Date

    func limits(forProfile profile: String) -> TraceLimits { configuration.limits(for: profile) }

    func finish(
        _ action: String,
        _ output: inout [String: JSONValue],
        fields: [String: JSONValue],
        limits: TraceLimits,
        profile: String,
        context: JobContext
    ) async throws(WorkerError) {
        guard let answer = output["result"] else { return }
        let data = answer["result"]
        switch action {
        case "traces.search":
            output["result"] = search(data, fields: fields)
        case "traces.get":
            try await get(data, output: &output, fields: fields, limits: limits, context: context)
        case "traces.analyze":
            output["result"] = try await analyze(data, fields: fields, limits: limits, context: context)
        case "traces.compare":
            let comparison = TraceComparison(
                traces: TraceModel.traces(data),
                operation: fields["operation"]?.stringValue ?? "",
                service: fields["service"]?.stringValue,
                threshold: fields["slow_threshold"]?.stringValue.flatMap(TraceTime.seconds(ofDuration:)).map {
                    UInt64($0 * 1e9)
                }
            )
            output["result"] = comparison.json(
                service: fields["service"]?.stringValue,
                operation: fields["operation"]?.stringValue ?? ""
            )
        default:
            break
        }
    }

    /// Large answers go to artifacts after the summaries (the runtime is built without a threshold).
    var evidence: LargeEvidence {
        LargeEvidence(threshold: 256 << 10, labels: ["pack": OpenTelemetryConfiguration.packID])
    }

    func prepare(
        _ action: String,
        _ fields: inout [String: JSONValue],
        limits: TraceLimits,
        profile: String,
        context: JobContext
    ) throws(WorkerError) {
        guard ["traces.search", "traces.compare", "dependencies.graph"].contains(action) else { return }
        let window = try TimeWindow.resolve(
            &fields,
            names: TimeWindow.Fields(start: "start", end: "end"),
            now: now().timeIntervalSince1970,
            duration: { $0.stringValue.flatMap(TraceTime.seconds(ofDuration:)) },
            defaultRange: 3_600
        )
        guard let start = window.start, let end = window.end, start < end else {
            throw WorkerError(code: .invalidInput, message: "The time range is empty: give a start before its end.")
        }
        if end - start > limits.maxRange {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The time range is \(TraceTime.human(end - start)), longer than max_range \(TraceTime.human(limits.maxRange)) of the profile \"\(profile)\"; ask for a shorter range (start, end or range)."
            )
        }
        fields["start_time_min"] = .string(InputTime.rfc3339(start, fraction: .milliseconds))
        fields["start_time_max"] = .string(InputTime.rfc3339(end, fraction: .milliseconds))
        for name in ["start", "end", "range"] { fields[name] = nil }
        guard action != "dependencies.graph" else { return }
        var bounds: [String: Double] = [:]
        for name in ["duration_min", "duration_max"] {
            guard let given = fields[name] else { continue }
            guard let text = given.stringValue, let seconds = TraceTime.seconds(ofDuration: text) else {
                throw WorkerError(
                    code: .invalidInput,
                    message: "\(name) is \(given); expected a duration such as 250ms, 1.5s or 2m."
                )
            }
            bounds[name] = seconds
            fields[name] = .string(TraceTime.apiDuration(seconds))
        }
        if let low = bounds["duration_min"], let high = bounds["duration_max"], low > high {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "duration_min (\(TraceTime.human(low))) is longer than duration_max (\(TraceTime.human(high)))."
            )
        }
        if let given = fields["slow_threshold"],
            given.stringValue.flatMap(TraceTime.seconds(ofDuration:)) == nil
        {
            throw WorkerError(
                code: .invalidInput,
                message: "slow_threshold is \(given); expected a duration such as 500ms or 1s."
            )
        }
        let limit =
            fields["limit"]?.intValue ?? (action == "traces.search" ? min(20, limits.maxTraces) : limits.maxTraces)
        if limit > limits.maxTraces {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "limit is \(limit), more than max_traces \(limits.maxTraces) of the profile \"\(profile)\"; ask for at most \(limits.maxTraces) traces or narrow the search."
            )
        }
        fields["limit"] = .integer(limit)
    }

    /// A search's traces as summaries (newest first, at most `limit`), with the error spans grouped by service,
    /// operation and error.
    func search(_ data: JSONValue?, fields: [String: JSONValue]) -> JSONValue {
        let limit = fields["limit"]?.intValue ?? 20
        var traces = TraceModel.traces(data).map { TraceAnalysis($0) }
        if fields["errors_only"]?.boolValue == true { traces = traces.filter { !$0.errors.isEmpty } }
        traces.sort { $0.start > $1.start }
        let truncated = traces.count > limit
        traces = Array(traces.prefix(limit))
        var groups: [String: (service: String, operation: String, error: String, ids: [String])] = [:]
        var order: [String] = []
        for trace in traces {
            for span in trace.errors {
                let error =
                    span.exceptionType.isEmpty ? span.errorMessage : "\(span.exceptionType): \(span.errorMessage)"
                let key = "\(span.service)\u{0}\(span.name)\u{0}\(error)"
                if groups[key] == nil {
                    order.append(key)
                    groups[key] = (span.service, span.name, error, [])
                }
                if groups[key]?.ids.contains(span.traceID) == false { groups[key]?.ids.append(span.traceID) }
            }
        }
        let grouped = order.compactMap { groups[$0] }.sorted {
            ($0.ids.count, $1.operation) > ($1.ids.count, $0.operation)
        }
        return [
            "count": .integer(traces.count),
            "truncated": .bool(truncated),
            "traces": .array(
                traces.map { trace in
                    [
                        "trace_id": .string(trace.root?.traceID ?? trace.ordered.first?.span.traceID ?? ""),
                        "root_service": .string(trace.root?.service ?? ""),
                        "root_operation": .string(trace.root?.name ?? ""),
                        "start": .string(InputTime.rfc3339(Double(trace.start) / 1e9, fraction: .milliseconds)),
                        "duration_ms": .number(TraceAnalysis.ms(trace.end > trace.start ? trace.end - trace.start : 0)),
                        "span_count": .integer(trace.ordered.count),
                        "error_count": .integer(trace.errors.count),
                        "services": .array(Set(trace.ordered.map(\.span.service)).sorted().map(JSONValue.string)),
                    ]
                }
            ),
            "error_groups": .array(
                grouped.map { group in
                    [
                        "service": .string(group.service), "operation": .string(group.operation),
                        "error": .string(group.error), "count": .integer(group.ids.count),
                        "trace_ids": .array(group.ids.map(JSONValue.string)),
                    ]
                }
            ),
        ]
    }

    /// A trace in OTLP JSON, with its counts; over `max_spans` the trace goes to an artifact and the result keeps an
    /// empty `resourceSpans`.
    func get(
        _ data: JSONValue?,
        output: inout [String: JSONValue],
        fields: [String: JSONValue],
        limits: TraceLimits,
        context: JobContext
    ) async throws(WorkerError) {
        let spans = TraceModel.spans(data)
        let traceData = data ?? ["resourceSpans": []]
        let analysis = TraceAnalysis(spans)
        output["trace_id"] = .string((fields["trace_id"]?.stringValue ?? "").lowercased())
        output["span_count"] = .integer(spans.count)
        output["error_count"] = .integer(analysis.errors.count)
        output["duration_ms"] = .number(
            TraceAnalysis.ms(analysis.end > analysis.start ? analysis.end - analysis.start : 0)
        )
        guard spans.count > limits.maxSpans else {
            output["result"] = traceData
            output["truncated"] = false
            return
        }
        let text = JSONEncoding.compact(traceData)
        let pointer = try await context.artifacts.put(
            text: text,
            contentType: "application/json",
            labels: [
                "pack": OpenTelemetryConfiguration.packID, "kind": "trace",
                "trace_id": output["trace_id"]?.stringValue ?? "",
            ]
        )
        output["result"] = ["resourceSpans": []]
        output["truncated"] = true
        output["artifacts"] = [
            [
                "pointer": .string(pointer), "bytes": .integer(text.utf8.count), "field": "result",
                "media_type": "application/json", "count": .integer(spans.count),
            ]
        ]
    }

    /// The analysis of one trace, with its waterfall chart stored as an SVG artifact.
    func analyze(
        _ data: JSONValue?,
        fields: [String: JSONValue],
        limits: TraceLimits,
        context: JobContext
    ) async throws(WorkerError) -> JSONValue {
        let traceID = (fields["trace_id"]?.stringValue ?? "").lowercased()
        let analysis = TraceAnalysis(TraceModel.spans(data))
        guard var result = analysis.json(traceID: traceID, top: fields["top"]?.intValue ?? 5).objectValue else {
            return .null
        }
        let onPath = Set(analysis.criticalPath.filter { $0.onPath > 0 }.map(\.span.spanID))
        let chart = WaterfallChart(
            title: "Trace \(traceID)" + (analysis.root.map { ": \($0.service) \($0.name)" } ?? ""),
            bars: analysis.ordered.map { entry in
                WaterfallBar(
                    label: "\(entry.span.service) \(entry.span.name)",
                    start: Double(entry.span.start) / 1e9,
                    duration: Double(entry.span.duration) / 1e9,
                    depth: entry.depth,
                    highlighted: onPath.contains(entry.span.spanID),
                    failed: entry.span.failed,
                    detail: entry.span.errorMessage
                )
            },
            maxRows: min(limits.maxSpans, 500)
        )
        result["waterfall"] = try await chart.store(
            in: context.artifacts,
            labels: ["pack": OpenTelemetryConfiguration.packID, "trace_id": traceID]
        )
        return .object(result)
    }
}
