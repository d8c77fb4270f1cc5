public import StructuredData

/// What one trace says about its latency and failures: its critical path (the chain of spans that determines the
/// end-to-end latency), its spans ranked by self time, and its spans in error. Pure: built from ``TraceSpan``s.
///
/// The critical path walks back from the end of the root: at each step the child that finished last before the
/// cursor is on the path (its end clipped to the cursor, so overlapping children count once), the gap after it is
/// the parent's own time, and the cursor moves to that child's start; a span's time with no child running is its
/// own. Spans whose parent is not in the trace (a partial trace) are roots of their own; the path starts at the
/// root that ends last, and the others are reported as orphans.
public struct TraceAnalysis: Sendable {
    /// One span's share of the critical path.
    public struct PathStep: Sendable, Hashable {
        public var span: TraceSpan
        /// Nanoseconds of this span's own time on the path.
        public var onPath: UInt64
    }

    /// The spans, in tree order (depth-first, children by start).
    public var ordered: [(span: TraceSpan, depth: Int)]
    /// The critical path, in path order (root first, then the spans it waited on, by start).
    public var criticalPath: [PathStep]
    /// Self time of each span (duration minus the union of its children's time inside it), by span id.
    public var selfTime: [String: UInt64]
    /// The spans in error, in tree order.
    public var errors: [TraceSpan]
    /// Spans whose parent is missing from the trace.
    public var orphans: [TraceSpan]
    /// The root the path starts at.
    public var root: TraceSpan?
    /// The trace's start and end (Unix nanoseconds).
    public var start: UInt64
    public var end: UInt64

    /// Analyses the spans of one trace.
    public init(_ spans: [TraceSpan]) {
        let ids = Set(spans.map(\.spanID))
        var children: [String: [TraceSpan]] = [:]
        var roots: [TraceSpan] = []
        for span in spans {
            if span.parentID.isEmpty || !ids.contains(span.parentID) || span.parentID == span.spanID {
                roots.append(span)
            } else {
                children[span.parentID, default: []].append(span)
            }
        }
        for key in children.keys { children[key]?.sort { ($0.start, $0.spanID) < ($1.start, $1.spanID) } }
        roots.sort { ($0.start, $0.spanID) < ($1.start, $1.spanID) }
        start = spans.map(\.start).min() ?? 0
        end = spans.map(\.end).max() ?? 0
        root = roots.max { ($0.end, $1.start) < ($1.end, $0.start) }
        orphans = roots.filter { !$0.parentID.isEmpty }

        var ordered: [(TraceSpan, Int)] = []
        var visited: Set<String> = []
        func visit(_ span: TraceSpan, _ depth: Int) {
            guard visited.insert(span.spanID).inserted else { return }
            ordered.append((span, depth))
            for child in children[span.spanID] ?? [] { visit(child, depth + 1) }
        }
        for root in roots { visit(root, 0) }
        self.ordered = ordered
        errors = ordered.map(\.0).filter(\.failed)

        var selfTime: [String: UInt64] = [:]
        for span in spans {
            let covered = Self.union(
                (children[span.spanID] ?? []).map { (max($0.start, span.start), min($0.end, span.end)) }
            )
            selfTime[span.spanID] = span.duration > covered ? span.duration - covered : 0
        }
        self.selfTime = selfTime

        var onPath: [String: UInt64] = [:]
        var pathOrder: [TraceSpan] = []
        func walk(_ span: TraceSpan, until limit: UInt64, depth: Int) {
            guard depth < 256 else { return }
            if !pathOrder.contains(where: { $0.spanID == span.spanID }) { pathOrder.append(span) }
            var cursor = min(span.end, limit)
            var remaining = children[span.spanID] ?? []
            while cursor > span.start {
                let candidates = remaining.filter { $0.start < cursor }
                guard
                    let next = candidates.max(by: { (min($0.end, cursor), $1.start) < (min($1.end, cursor), $0.start) })
                else { break }
                let childEnd = min(next.end, cursor)
                if childEnd < cursor { onPath[span.spanID, default: 0] += cursor - childEnd }
                walk(next, until: childEnd, depth: depth + 1)
                cursor = max(next.start, span.start)
                remaining.removeAll { $0.spanID == next.spanID }
            }
            if cursor > span.start { onPath[span.spanID, default: 0] += cursor - span.start }
        }
        if let root { walk(root, until: root.end, depth: 0) }
        criticalPath = pathOrder.sorted { ($0.start, $0.spanID) < ($1.start, $1.spanID) }
            .map { PathStep(span: $0, onPath: onPath[$0.spanID] ?? 0) }
    }

    /// The total length of the union of intervals.
    static func union(_ intervals: [(UInt64, UInt64)]) -> UInt64 {
        let sorted = intervals.filter { $0.1 > $0.0 }.sorted { $0.0 < $1.0 }
        var total: UInt64 = 0
        var current: (UInt64, UInt64)?
        for interval in sorted {
            if let open = current, interval.0 <= open.1 {
                current = (open.0, max(open.1, interval.1))
            } else {
                if let open = current { total += open.1 - open.0 }
                current = interval
            }
        }
        if let open = current { total += open.1 - open.0 }
        return total
    }

    /// The `top` spans by self time, longest first.
    public func slowest(_ top: Int) -> [TraceSpan] {
        ordered.map(\.0).sorted { (selfTime[$0.spanID] ?? 0, $1.spanID) > (selfTime[$1.spanID] ?? 0, $0.spanID) }
            .prefix(max(top, 0)).map { $0 }
    }

    /// Milliseconds of nanoseconds, to the microsecond.
    static func ms(_ nanos: UInt64) -> Double { (Double(nanos) / 1_000).rounded() / 1_000 }

    /// A span as a job's output shows it.
    static func json(_ span: TraceSpan, extra: [String: JSONValue] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "span_id": .string(span.spanID), "parent_span_id": .string(span.parentID), "service": .string(span.service),
            "name": .string(span.name), "duration_ms": .number(ms(span.duration)),
        ]
        if span.failed {
            object["error"] = .string(span.errorMessage)
            if !span.exceptionType.isEmpty { object["exception_type"] = .string(span.exceptionType) }
        }
        for (key, value) in extra { object[key] = value }
        return .object(object)
    }

    /// The analysis as `traces.analyze` answers it.
    public func json(traceID: String, top: Int) -> JSONValue {
        let duration = end > start ? end - start : 0
        let path = criticalPath.map { step in
            Self.json(step.span, extra: ["on_path_ms": .number(Self.ms(step.onPath))])
        }
        let slow = slowest(top).map { Self.json($0, extra: ["self_ms": .number(Self.ms(selfTime[$0.spanID] ?? 0))]) }
        let heaviest = criticalPath.max { ($0.onPath, $1.span.spanID) < ($1.onPath, $0.span.spanID) }
        var summary =
            "Trace \(traceID): \(ordered.count) spans, \(TraceTime.human(Double(duration) / 1e9))"
            + (root.map { " (\($0.service) \($0.name))" } ?? "") + "; \(errors.count) in error"
        if let heaviest, duration > 0 {
            let share = Int((Double(heaviest.onPath) / Double(duration) * 100).rounded())
            summary += "; most of the critical path is \(heaviest.span.service) \(heaviest.span.name) (\(share)%)"
        }
        if let first = errors.first {
            summary += "; first error in \(first.service) \(first.name): \(first.errorMessage)"
        }
        return [
            "trace_id": .string(traceID),
            "span_count": .integer(ordered.count),
            "duration_ms": .number(Self.ms(duration)),
            "root": root.map { Self.json($0) } ?? .null,
            "critical_path": .array(path),
            "slowest": .array(slow),
            "errors": .array(errors.map { Self.json($0) }),
            "orphans": .integer(orphans.count),
            "summary": .string(summary + "."),
        ]
    }
}
