public import StructuredData

/// Slow against fast traces of one operation: each trace's duration is that of its first span of the operation
/// (of the service, when given); the traces split into slow and fast at a threshold (the input's, else the widest
/// ratio gap between consecutive durations, so two clusters fall apart); then every attribute value seen on the
/// traces' spans is scored by how much more often it occurs in slow traces than in fast ones. Values that every
/// trace has, and keys whose values differ in every trace (ids, timestamps), say nothing and are left out.
public struct TraceComparison: Sendable {
    /// One attribute value and the share of slow and fast traces that carry it.
    public struct Split: Sendable, Hashable {
        public var key: String
        public var value: String
        public var slowShare: Double
        public var fastShare: Double
        /// `slowShare - fastShare`: 1 when only slow traces have it, -1 when only fast ones do.
        public var score: Double { slowShare - fastShare }
    }

    /// The operation's duration per trace (nanoseconds), by trace id, for traces that have it.
    public var durations: [(traceID: String, duration: UInt64)]
    /// The threshold (nanoseconds): traces at least this long are slow.
    public var threshold: UInt64
    /// Slow and fast trace ids.
    public var slow: [String]
    public var fast: [String]
    /// The attribute values that split them best, strongest first.
    public var splits: [Split]

    /// Compares.
    /// - Parameters:
    ///   - traces: The traces (spans grouped by trace).
    ///   - operation: The span name of the operation.
    ///   - service: Its service, if the operation's name is not enough.
    ///   - threshold: Nanoseconds; default the widest gap.
    ///   - minScore: The least |score| a split needs to be reported; default 0.5.
    ///   - top: The most splits reported; default 10.
    public init(
        traces: [[TraceSpan]],
        operation: String,
        service: String?,
        threshold given: UInt64?,
        minScore: Double = 0.5,
        top: Int = 10
    ) {
        var durations: [(String, UInt64)] = []
        var byTrace: [String: [TraceSpan]] = [:]
        for spans in traces {
            let matching = spans.filter { $0.name == operation && (service == nil || $0.service == service) }
            guard let first = matching.min(by: { $0.start < $1.start }) else { continue }
            durations.append((first.traceID, first.duration))
            byTrace[first.traceID] = spans
        }
        self.durations = durations
        let sorted = durations.map(\.1).sorted()
        var cut = given ?? UInt64.max
        if given == nil, sorted.count >= 2 {
            var best = 1.0
            for index in 1..<sorted.count {
                let ratio = Double(max(sorted[index], 1)) / Double(max(sorted[index - 1], 1))
                if ratio > best {
                    best = ratio
                    cut = sorted[index]
                }
            }
        }
        threshold = cut
        slow = durations.filter { $0.1 >= cut }.map(\.0)
        fast = durations.filter { $0.1 < cut }.map(\.0)

        var seen: [String: [String: Set<String>]] = [:]  // key → value → trace ids
        for (traceID, spans) in byTrace {
            for span in spans {
                for (key, value) in span.attributes { seen[key, default: [:]][value, default: []].insert(traceID) }
            }
        }
        var splits: [Split] = []
        let slowSet = Set(slow)
        let fastSet = Set(fast)
        if !slowSet.isEmpty, !fastSet.isEmpty {
            for (key, values) in seen {
                // A key with a different value in every trace is an id, not a cause.
                if values.count == byTrace.count, byTrace.count > 2 { continue }
                for (value, ids) in values {
                    let slowShare = Double(ids.intersection(slowSet).count) / Double(slowSet.count)
                    let fastShare = Double(ids.intersection(fastSet).count) / Double(fastSet.count)
                    let split = Split(key: key, value: value, slowShare: slowShare, fastShare: fastShare)
                    if abs(split.score) >= minScore { splits.append(split) }
                }
            }
        }
        self.splits = Array(
            splits.sorted { (abs($0.score), $1.key, $1.value) > (abs($1.score), $0.key, $0.value) }.prefix(max(top, 0))
        )
    }

    /// The comparison as `traces.compare` answers it.
    public func json(service: String?, operation: String) -> JSONValue {
        func ms(_ nanos: UInt64) -> JSONValue { .number(TraceAnalysis.ms(nanos)) }
        let slowDurations = durations.filter { slow.contains($0.traceID) }.map(\.duration)
        let fastDurations = durations.filter { fast.contains($0.traceID) }.map(\.duration)
        var summary = "\(operation): \(durations.count) traces, \(slow.count) slow and \(fast.count) fast"
        if !slow.isEmpty, !fast.isEmpty {
            summary += " (threshold \(TraceTime.human(Double(threshold) / 1e9)))"
        }
        if let best = splits.first {
            summary +=
                "; \(best.key)=\(best.value) is on \(Int((best.slowShare * 100).rounded()))% of slow and \(Int((best.fastShare * 100).rounded()))% of fast traces"
        } else {
            summary += "; no attribute value separates them"
        }
        return [
            "service": service.map(JSONValue.string) ?? .null,
            "operation": .string(operation),
            "trace_count": .integer(durations.count),
            "threshold_ms": slow.isEmpty || fast.isEmpty ? .null : ms(threshold),
            "slow": [
                "count": .integer(slow.count), "trace_ids": .array(slow.map(JSONValue.string)),
                "median_ms": slowDurations.isEmpty ? .null : ms(Self.median(slowDurations)),
            ],
            "fast": [
                "count": .integer(fast.count), "trace_ids": .array(fast.map(JSONValue.string)),
                "median_ms": fastDurations.isEmpty ? .null : ms(Self.median(fastDurations)),
            ],
            "attributes": .array(
                splits.map { split in
                    [
                        "key": .string(split.key), "value": .string(split.value),
                        "slow_share": .number(split.slowShare), "fast_share": .number(split.fastShare),
                        "score": .number((split.score * 1000).rounded() / 1000),
                    ]
                }
            ),
            "summary": .string(summary + "."),
        ]
    }

    static func median(_ values: [UInt64]) -> UInt64 {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }
}
