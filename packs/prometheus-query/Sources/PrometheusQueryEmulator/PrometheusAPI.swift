import EmulatorKit
import Foundation
import StructuredData

/// Prometheus' `{"status": "error", "errorType": …, "error": …}` answer, or Alertmanager's plain-text refusal.
struct PrometheusError: Error, EmulatorResponseError {
    var status: Int
    var type: String
    var message: String
    var plainText = false

    static func badData(_ message: String) -> Self { Self(status: 400, type: "bad_data", message: message) }

    var response: EmulatorResponse {
        plainText
            ? .text(message, status: status)
            : .json(["status": "error", "errorType": .string(type), "error": .string(message)], status: status)
    }
}

/// Prometheus' HTTP API v1 read endpoints the pack uses, answered from ``PrometheusWorld``. There is no PromQL
/// engine here: a query selects the demo series whose metric names it mentions (and its `job="…"` matcher
/// allows); an aggregation (`sum`, `avg`, `histogram_quantile`, a division) answers one series, `rate(…)` the
/// per-second slope. Unbalanced brackets are Prometheus' `bad_data` parse error, as are missing or bad
/// parameters and more than 11,000 points per series.
struct PrometheusAPI {
    let state: SeededState<PrometheusWorld>
    let now: @Sendable () -> Double

    func routes(into router: inout EmulatorRouter) {
        router.add("GET", "/api/v1/query") { request, _ in try self.query(request) }
        router.add("GET", "/api/v1/query_range") { request, _ in try self.queryRange(request) }
        router.add("GET", "/api/v1/series") { request, _ in try self.series(request) }
        router.add("GET", "/api/v1/labels") { request, _ in try self.labels(request) }
        router.add("GET", "/api/v1/label/{name}/values") { request, parameters in
            try self.labelValues(request, name: parameters["name"])
        }
        router.add("GET", "/api/v1/targets") { request, _ in self.targets(request) }
        router.add("GET", "/api/v1/rules") { request, _ in self.rules(request) }
        router.add("GET", "/api/v1/alerts") { _, _ in self.alerts() }
        router.add("GET", "/api/v1/metadata") { request, _ in self.metadata(request) }
        router.add("GET", "/api/v1/query_exemplars") { request, _ in try self.exemplars(request) }
    }

    static func success(_ data: JSONValue) -> EmulatorResponse {
        .json(["status": "success", "data": data])
    }

    // MARK: Queries

    func query(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let text = try expression(request)
        let time = try request.queryValue("time").map { try Self.time($0, "time") } ?? now()
        let selected = try select(text)
        if let number = Double(text.trimmingCharacters(in: .whitespaces)) {
            return Self.success(["resultType": "scalar", "result": [.number(time), .string(Self.sample(number))]])
        }
        let result: [JSONValue] = selected.map { one in
            [
                "metric": .object(one.labels.mapValues(JSONValue.string)),
                "value": [.number(time), .string(Self.sample(one.value(time)))],
            ]
        }
        return Self.success(["resultType": "vector", "result": .array(result)])
    }

    func queryRange(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let text = try expression(request)
        guard let startText = request.queryValue("start") else {
            throw PrometheusError.badData("invalid parameter \"start\": cannot parse \"\" to a valid timestamp")
        }
        guard let endText = request.queryValue("end") else {
            throw PrometheusError.badData("invalid parameter \"end\": cannot parse \"\" to a valid timestamp")
        }
        guard let stepText = request.queryValue("step") else {
            throw PrometheusError.badData("invalid parameter \"step\": cannot parse \"\" to a valid duration")
        }
        let start = try Self.time(startText, "start")
        let end = try Self.time(endText, "end")
        guard end >= start else {
            throw PrometheusError.badData("invalid parameter \"end\": end timestamp must not be before start time")
        }
        guard let step = Double(stepText) ?? Self.duration(stepText), step > 0 else {
            throw PrometheusError.badData(
                "invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer"
            )
        }
        if (end - start) / step > 11_000 {
            throw PrometheusError.badData(
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
            )
        }
        let selected = try select(text)
        let result: [JSONValue] = selected.map { one in
            var values: [JSONValue] = []
            var time = start
            while time <= end + 1e-9 {
                values.append([.number(time), .string(Self.sample(one.value(time)))])
                time += step
            }
            return ["metric": .object(one.labels.mapValues(JSONValue.string)), "values": .array(values)]
        }
        return Self.success(["resultType": "matrix", "result": .array(result)])
    }

    func exemplars(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let text = try expression(request)
        let selected = state.withLock { world in
            world.series.filter { text.contains($0.name) && $0.name.hasSuffix("_bucket") }
        }
        let end = try request.queryValue("end").map { try Self.time($0, "end") } ?? now()
        let data: [JSONValue] = selected.prefix(1).map { one in
            [
                "seriesLabels": .object(one.labels.mapValues(JSONValue.string)),
                "exemplars": [
                    [
                        "labels": ["trace_id": "4bf92f3577b34da6a3ce929d0e0e4736"], "value": "0.27",
                        "timestamp": .number(end.rounded(.down)),
                    ]
                ],
            ]
        }
        return Self.success(.array(data))
    }

    /// A series an expression answers: its labels and values over time.
    struct Selected {
        var labels: [String: String]
        var value: @Sendable (Double) -> Double
    }

    func expression(_ request: EmulatorRequest) throws -> String {
        guard let text = request.queryValue("query"), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PrometheusError.badData("invalid parameter \"query\": 1:1: parse error: no expression found in input")
        }
        var depth: [Character] = []
        let pairs: [Character: Character] = [")": "(", "}": "{", "]": "["]
        var quoted = false
        for (index, character) in text.enumerated() {
            if character == "\"" { quoted.toggle() }
            if quoted { continue }
            if "({[".contains(character) { depth.append(character) }
            if let open = pairs[character] {
                guard depth.last == open else {
                    throw PrometheusError.badData(
                        "invalid parameter \"query\": 1:\(index + 1): parse error: unexpected \"\(character)\""
                    )
                }
                depth.removeLast()
            }
        }
        if let open = depth.last {
            throw PrometheusError.badData(
                "invalid parameter \"query\": 1:\(text.count + 1): parse error: unclosed left \(open == "(" ? "parenthesis" : open == "{" ? "brace" : "bracket")"
            )
        }
        return text
    }

    func select(_ text: String) throws -> [Selected] {
        let series = state.withLock { world in world.series }
        let job = Self.jobMatcher(text)
        let names = Set(series.map(\.name)).filter { Self.mentions(text, $0) }
        let matched = series.filter { names.contains($0.name) && (job == nil || $0.labels["job"] == job) }
        guard !matched.isEmpty else { return [] }
        let isRate = text.contains("rate(") || text.contains("increase(")
        let aggregated = ["sum", "avg", "histogram_quantile", "/", "max(", "min(", "count("].contains {
            text.contains($0)
        }
        if aggregated {
            var labels: [String: String] = [:]
            if text.contains("by (job)") || text.contains("by(job)") { labels["job"] = matched[0].labels["job"] ?? "" }
            if text.contains("histogram_quantile") {
                return [Selected(labels: labels) { time in 0.25 + 0.05 * sin(time / 450) }]
            }
            if text.contains("/") {
                return [Selected(labels: labels) { time in 0.13 + 0.02 * sin(time / 600) }]
            }
            let functions = matched.map(\.value)
            return [
                Selected(labels: labels) { time in
                    functions.reduce(0) { sum, function in sum + (isRate ? Self.slope(function, time) : function(time))
                    }
                }
            ]
        }
        return matched.map { one in
            var labels = one.labels
            let function = one.value
            guard isRate else { return Selected(labels: labels, value: function) }
            labels["__name__"] = nil
            return Selected(labels: labels) { time in Self.slope(function, time) }
        }
    }

    static func slope(_ function: @Sendable (Double) -> Double, _ time: Double) -> Double {
        (function(time) - function(time - 60)) / 60
    }

    /// Whether `text` names the metric `name` (not as part of a longer name).
    static func mentions(_ text: String, _ name: String) -> Bool {
        var searchStart = text.startIndex
        while let range = text.range(of: name, range: searchStart..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            let isNamePart = { (c: Character?) in
                c.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" } ?? false
            }
            if !isNamePart(before) && !isNamePart(after) { return true }
            searchStart = range.upperBound
        }
        return false
    }

    /// The value of a `job="…"` matcher in the expression, if any.
    static func jobMatcher(_ text: String) -> String? {
        guard let range = text.range(of: "job=\"") else { return nil }
        let rest = text[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    // MARK: Metadata endpoints

    func matching(_ request: EmulatorRequest) throws -> [PrometheusWorld.Series] {
        let selectors = request.query.filter { $0.name == "match[]" }.map(\.value)
        let series = state.withLock { $0.series }
        if selectors.isEmpty { return series }
        for selector in selectors { _ = try expressionText(selector) }
        return series.filter { one in
            selectors.contains { selector in
                let job = Self.jobMatcher(selector)
                return Self.mentions(selector, one.name) && (job == nil || one.labels["job"] == job)
                    || (selector.hasPrefix("{") && job != nil && one.labels["job"] == job)
            }
        }
    }

    func expressionText(_ text: String) throws -> String {
        try expression(
            EmulatorRequest(
                method: "GET",
                path: "/",
                query: [QueryItem(name: "query", value: text)],
                headers: [:],
                body: [],
                baseURL: ""
            )
        )
    }

    func series(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard request.query.contains(where: { $0.name == "match[]" }) else {
            throw PrometheusError.badData("no match[] parameter provided")
        }
        return Self.success(.array(try matching(request).map { .object($0.labels.mapValues(JSONValue.string)) }))
    }

    func labels(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let names = Set(try matching(request).flatMap(\.labels.keys))
        return Self.success(.array(names.sorted().map(JSONValue.string)))
    }

    func labelValues(_ request: EmulatorRequest, name: String) throws -> EmulatorResponse {
        let values = Set(try matching(request).compactMap { $0.labels[name] })
        return Self.success(.array(values.sorted().map(JSONValue.string)))
    }

    func targets(_ request: EmulatorRequest) -> EmulatorResponse {
        let (job, url) = state.withLock { ($0.targetJob, $0.targetURL) }
        let stateFilter = request.queryValue("state") ?? "any"
        let instance = URL(string: url).map { "\($0.host ?? "127.0.0.1"):\($0.port ?? 80)" } ?? "127.0.0.1"
        let active: JSONValue = [
            "discoveredLabels": [
                "__address__": .string(instance), "__metrics_path__": "/metrics", "__scheme__": "http",
                "job": .string(job),
            ],
            "labels": ["instance": .string(instance), "job": .string(job)],
            "scrapePool": .string(job),
            "scrapeUrl": .string(url),
            "globalUrl": .string(url),
            "lastError": "",
            "lastScrape": .string(Self.rfc3339(now() - 5)),
            "lastScrapeDuration": 0.002,
            "health": "up",
            "scrapeInterval": "15s",
            "scrapeTimeout": "10s",
        ]
        return Self.success([
            "activeTargets": stateFilter == "dropped" ? [] : [active],
            "droppedTargets": [],
            // Prometheus 3's shape, which its OpenAPI description requires (2.42 does not send it).
            "droppedTargetCounts": .object([job: 0]),
        ])
    }

    func ruleJSON(_ rule: PrometheusWorld.AlertRule) -> JSONValue {
        let alerts: [JSONValue] =
            rule.activeAt.map { activeAt in
                [
                    [
                        "labels": .object(rule.alertLabels.mapValues(JSONValue.string)),
                        "annotations": .object(rule.annotations.mapValues(JSONValue.string)),
                        "state": "firing",
                        "activeAt": .string(Self.rfc3339(activeAt)),
                        "value": "1.3e-01",
                    ]
                ]
            } ?? []
        return [
            "state": rule.activeAt == nil ? "inactive" : "firing",
            "name": .string(rule.name),
            "query": .string(rule.query),
            "duration": .number(rule.duration),
            "labels": .object(rule.labels.mapValues(JSONValue.string)),
            "annotations": .object(rule.annotations.mapValues(JSONValue.string)),
            "alerts": .array(alerts),
            "health": "ok",
            "evaluationTime": 0.0004,
            "lastEvaluation": .string(Self.rfc3339(now() - 2)),
            "type": "alerting",
        ]
    }

    func rules(_ request: EmulatorRequest) -> EmulatorResponse {
        let rules = state.withLock { $0.rules }
        let type = request.queryValue("type")
        let names = Set(request.query.filter { $0.name == "rule_name[]" }.map(\.value))
        let groups = Dictionary(
            grouping: rules.filter { type != "record" && (names.isEmpty || names.contains($0.name)) },
            by: \.group
        )
        let data: [JSONValue] = groups.keys.sorted().map { name in
            [
                "name": .string(name),
                "file": "/etc/prometheus/rules.yml",
                "rules": .array((groups[name] ?? []).map(ruleJSON)),
                "interval": 15,
                "limit": 0,
                "evaluationTime": 0.0005,
                "lastEvaluation": .string(Self.rfc3339(now() - 2)),
            ]
        }
        return Self.success(["groups": .array(data)])
    }

    func alerts() -> EmulatorResponse {
        let rules = state.withLock { $0.rules }
        let alerts = rules.flatMap { ruleJSON($0)["alerts"]?.arrayValue ?? [] }
        return Self.success(["alerts": .array(alerts)])
    }

    func metadata(_ request: EmulatorRequest) -> EmulatorResponse {
        let series = state.withLock { $0.series }
        var data: [String: JSONValue] = [:]
        for one in series {
            let name = one.name.hasSuffix("_bucket") ? String(one.name.dropLast("_bucket".count)) : one.name
            if let metric = request.queryValue("metric"), metric != name { continue }
            data[name] = [["type": .string(one.type), "help": .string(one.help), "unit": .string(one.unit)]]
        }
        if let limit = request.queryValue("limit").flatMap(Int.init), limit > 0, data.count > limit {
            let kept = Set(data.keys.sorted().prefix(limit))
            data = data.filter { kept.contains($0.key) }
        }
        return Self.success(.object(data))
    }

    // MARK: Formats

    static func sample(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }

    static func time(_ text: String, _ name: String) throws -> Double {
        if let seconds = Double(text) { return seconds }
        if let seconds = rfc3339Seconds(text) { return seconds }
        throw PrometheusError.badData("invalid parameter \"\(name)\": cannot parse \"\(text)\" to a valid timestamp")
    }

    static func duration(_ text: String) -> Double? {
        let units: [(String, Double)] = [
            ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86_400), ("w", 604_800), ("y", 31_536_000),
        ]
        var rest = Substring(text)
        var total = 0.0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isNumber }
            guard let number = Double(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard
                let (unit, factor) = units.first(where: {
                    rest.hasPrefix($0.0) && !($0.0 == "m" && rest.hasPrefix("ms"))
                })
            else { return nil }
            rest = rest.dropFirst(unit.count)
            total += number * factor
        }
        return total > 0 ? total : nil
    }

    static func rfc3339(_ seconds: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: seconds))
    }

    static func rfc3339Seconds(_ text: String) -> Double? {
        for options in [
            ISO8601DateFormatter.Options.withInternetDateTime, [.withInternetDateTime, .withFractionalSeconds],
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        return nil
    }
}
