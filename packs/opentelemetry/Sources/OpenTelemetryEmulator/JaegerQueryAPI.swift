import EmulatorKit
import Foundation
import StructuredData

/// Jaeger's API v3 error answer (`{"error": {"httpCode": …, "message": …}}`, its HTTP gateway's shape).
struct JaegerError: Error, EmulatorResponseError {
    var status: Int
    var message: String

    var response: EmulatorResponse {
        .json(["error": ["httpCode": .integer(status), "message": .string(message)]], status: status)
    }
}

/// The Jaeger query API v3 reads the pack uses, answered from ``TraceStore``: services, operations, trace search,
/// trace by id and the service dependencies, with Jaeger's parameter names (camelCase, and the deprecated snake_case aliases), its checks
/// (the time range is required; durations are Go durations; attributes a JSON map of strings) and its answers
/// (`{"result": TracesData}`; 404 `No traces found` for a search without results, 404 `trace not found`).
struct JaegerQueryAPI {
    let state: SeededState<TraceStore>

    func routes(into router: inout EmulatorRouter) {
        router.add("GET", "/api/v3/services") { _, _ in self.services() }
        router.add("GET", "/api/v3/operations") { request, _ in self.operations(request) }
        router.add("GET", "/api/v3/traces") { request, _ in try self.findTraces(request) }
        router.add("GET", "/api/v3/dependencies") { request, _ in try self.dependencies(request) }
        router.add("GET", "/api/v3/traces/{traceId}") { request, parameters in
            try self.trace(request, id: parameters["traceId"])
        }
    }

    func services() -> EmulatorResponse {
        let names = state.withLock { Set($0.spans.map(\.service)) }
        return .json(["services": .array(names.sorted().map(JSONValue.string))])
    }

    func operations(_ request: EmulatorRequest) -> EmulatorResponse {
        let service = request.queryValue("service") ?? ""
        let kind = request.queryValue("spanKind") ?? request.queryValue("span_kind") ?? ""
        let pairs = state.withLock { store in
            Set(
                store.spans.filter { service.isEmpty || $0.service == service }
                    .map { "\($0.name)\u{0}\(TraceStore.kindNames[min(max($0.kind, 0), 5)])" }
            )
        }
        let operations: [JSONValue] = pairs.sorted().compactMap { pair in
            let parts = pair.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            guard kind.isEmpty || parts[1] == kind else { return nil }
            return ["name": .string(parts[0]), "spanKind": .string(parts[1])]
        }
        return .json(["operations": .array(operations)])
    }

    /// The calls between services in a time range: every span whose parent (in the same trace) belongs to another
    /// service counts one call from the parent's service to the span's.
    func dependencies(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let startText = value(request, "startTime", "start_time"),
            let endText = value(request, "endTime", "end_time")
        else {
            throw JaegerError(status: 400, message: "startTime and endTime are required")
        }
        let low = try Self.time(startText, "startTime")
        let high = try Self.time(endText, "endTime")
        let counts = state.withLock { store -> [String: Int] in
            var byID: [String: StoredSpan] = [:]
            for span in store.spans { byID[span.traceID + span.spanID] = span }
            var counts: [String: Int] = [:]
            for span in store.spans where span.start >= low && span.start < high {
                guard let parentID = span.span["parentSpanId"]?.stringValue,
                    let parent = byID[span.traceID + parentID], parent.service != span.service
                else { continue }
                counts["\(parent.service)\u{0}\(span.service)", default: 0] += 1
            }
            return counts
        }
        let dependencies: [JSONValue] = counts.keys.sorted().map { key in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            return [
                "parent": .string(parts[0]), "child": .string(parts[1]),
                "callCount": .string(String(counts[key] ?? 0)),
            ]
        }
        return .json(["dependencies": .array(dependencies)])
    }

    /// A parameter by its name or its deprecated alias.
    func value(_ request: EmulatorRequest, _ name: String, _ alias: String) -> String? {
        let given = request.queryValue(name) ?? request.queryValue(alias)
        return given?.isEmpty == true ? nil : given
    }

    func findTraces(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let minText = value(request, "query.startTimeMin", "query.start_time_min"),
            let maxText = value(request, "query.startTimeMax", "query.start_time_max")
        else {
            throw JaegerError(status: 400, message: "query.startTimeMin and query.startTimeMax are required")
        }
        let low = try Self.time(minText, "query.startTimeMin")
        let high = try Self.time(maxText, "query.startTimeMax")
        let durationMin = try value(request, "query.durationMin", "query.duration_min").map {
            try Self.duration($0, "query.durationMin")
        }
        let durationMax = try value(request, "query.durationMax", "query.duration_max").map {
            try Self.duration($0, "query.durationMax")
        }
        var depth = 100
        if let text = value(request, "query.searchDepth", "query.num_traces")
            ?? request.queryValue("query.search_depth")
        {
            guard let number = Int(text), number >= 0 else {
                throw JaegerError(
                    status: 400,
                    message: "malformed parameter query.searchDepth: \(text) is not a number"
                )
            }
            if number > 0 { depth = number }
        }
        var attributes: [String: String] = [:]
        if let text = value(request, "query.attributes", "query.attributes") {
            guard let map = try? JSONParser.parse(text).objectValue else {
                throw JaegerError(
                    status: 400,
                    message: "malformed parameter query.attributes: expected a JSON object of strings"
                )
            }
            for (key, member) in map {
                guard let string = member.stringValue else {
                    throw JaegerError(
                        status: 400,
                        message: "malformed parameter query.attributes: the value of \(key) is not a string"
                    )
                }
                attributes[key] = string
            }
        }
        let service = value(request, "query.serviceName", "query.service_name")
        let operation = value(request, "query.operationName", "query.operation_name")
        let (chunks, stream) = state.withLock { store -> ([[StoredSpan]], Bool) in
            var ids: [String] = []
            for span in store.spans.reversed() {
                guard !ids.contains(span.traceID), span.start >= low, span.start < high else { continue }
                if let service, span.service != service { continue }
                if let operation, span.name != operation { continue }
                if let durationMin, span.duration < durationMin { continue }
                if let durationMax, span.duration > durationMax { continue }
                if attributes.contains(where: { span.attributes[$0.key] != $0.value }) { continue }
                ids.append(span.traceID)
                if ids.count >= depth { break }
            }
            return (ids.map { store.trace($0) }, store.streamChunks)
        }
        guard !chunks.isEmpty else { throw JaegerError(status: 404, message: "No traces found") }
        if stream {
            let text = chunks.map { ["result": TraceStore.tracesData($0)] as JSONValue }.map {
                JSONEncoding.compact($0)
            }
            .joined(separator: "\n")
            return EmulatorResponse(status: 200, headers: ["Content-Type": "application/json"], body: Array(text.utf8))
        }
        return .json(["result": TraceStore.tracesData(chunks.flatMap { $0 })])
    }

    func trace(_ request: EmulatorRequest, id: String) throws -> EmulatorResponse {
        guard !id.isEmpty, id.count <= 32, id.allSatisfy(\.isHexDigit) else {
            throw JaegerError(status: 400, message: "malformed parameter traceId: \(id) is not a hex trace id")
        }
        for name in ["startTime", "endTime"] {
            if let text = value(request, name, name == "startTime" ? "start_time" : "end_time") {
                _ = try Self.time(text, name)
            }
        }
        let full = String(repeating: "0", count: 32 - id.count) + id.lowercased()
        let spans = state.withLock { $0.trace(full) }
        guard !spans.isEmpty else { throw JaegerError(status: 404, message: "trace not found") }
        return .json(["result": TraceStore.tracesData(spans)])
    }

    /// RFC 3339 with up to nanoseconds, as Unix nanoseconds.
    static func time(_ text: String, _ name: String) throws -> UInt64 {
        guard let nanos = RFC3339Nano.nanoseconds(text) else {
            throw JaegerError(
                status: 400,
                message: "malformed parameter \(name): parsing time \"\(text)\" as RFC3339Nano failed"
            )
        }
        return nanos
    }

    /// A Go duration (`250ms`, `1.5s`, `2m`) as nanoseconds.
    static func duration(_ text: String, _ name: String) throws -> UInt64 {
        let units: [(String, Double)] = [
            ("ns", 1), ("us", 1e3), ("µs", 1e3), ("ms", 1e6), ("s", 1e9), ("m", 60e9), ("h", 3600e9),
        ]
        var rest = Substring(text)
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber || $0 == "." }
            rest = rest.dropFirst(digits.count)
            guard let number = Double(digits),
                let unit = units.sorted(by: { $0.0.count > $1.0.count }).first(where: { rest.hasPrefix($0.0) })
            else {
                throw JaegerError(
                    status: 400,
                    message: "malformed parameter \(name): time: invalid duration \"\(text)\""
                )
            }
            rest = rest.dropFirst(unit.0.count)
            total += number * unit.1
        }
        guard total > 0 || text == "0" else {
            throw JaegerError(status: 400, message: "malformed parameter \(name): time: invalid duration \"\(text)\"")
        }
        return UInt64(total)
    }
}

/// RFC 3339 times with up to nine fraction digits.
enum RFC3339Nano {
    static func nanoseconds(_ text: String) -> UInt64? {
        var whole = text
        var fraction = ""
        if let dot = text.firstIndex(of: ".") {
            let tail = text[text.index(after: dot)...]
            let digits = tail.prefix { $0.isNumber }
            guard !digits.isEmpty, digits.count <= 9 else { return nil }
            fraction = String(digits)
            whole = String(text[..<dot]) + tail.dropFirst(digits.count)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: whole), date.timeIntervalSince1970 >= 0 else { return nil }
        let padded = fraction.padding(toLength: 9, withPad: "0", startingAt: 0)
        return UInt64(date.timeIntervalSince1970.rounded()) * 1_000_000_000 + (UInt64(padded) ?? 0)
    }
}
