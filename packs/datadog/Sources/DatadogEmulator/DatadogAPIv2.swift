import EmulatorKit
import Foundation
import StructuredData

/// Datadog's API v2 endpoints the pack uses: log search with its cursor (`meta.page.after`, sent back as
/// `page.cursor`), timeseries queries with formulas, and incidents.
struct DatadogAPIv2 {
    let state: SeededState<DatadogWorld>
    let now: @Sendable () -> Double

    func routes(into router: inout EmulatorRouter) {
        router.add("POST", "/api/v2/logs/events/search") { request, _ in try self.searchLogs(request) }
        router.add("POST", "/api/v2/query/timeseries") { request, _ in try self.timeseries(request) }
        router.add("POST", "/api/v2/incidents") { request, _ in try self.createIncident(request) }
    }

    // MARK: Logs

    /// A time as v2 takes it: RFC 3339, milliseconds, or `now`/`now-15m`.
    func time(_ value: JSONValue?, default fallback: Double) throws -> Double {
        guard let value else { return fallback }
        if let number = value.doubleValue { return number / 1000 }
        guard let text = value.stringValue else { throw DatadogError.badRequest("Invalid time: \(value)") }
        if let number = Double(text) { return number / 1000 }
        if text == "now" { return now() }
        if text.hasPrefix("now-"), let unit = text.last, let amount = Double(text.dropFirst(4).dropLast()) {
            let factors: [Character: Double] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
            if let factor = factors[unit] { return now() - amount * factor }
        }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date.timeIntervalSince1970 }
        }
        throw DatadogError.badRequest("Invalid time: \(text)")
    }

    /// Whether a log matches a search: `key:value` terms on status, service, host or a tag, `-` negates, other words
    /// are looked for in the message; `*` matches everything.
    static func matches(_ log: JSONValue, _ query: String) -> Bool {
        let attributes = log["attributes"]
        let tags = (attributes?["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
        let message = attributes?["message"]?.stringValue?.lowercased() ?? ""
        return query.split(separator: " ").allSatisfy { raw in
            var term = String(raw)
            let negated = term.hasPrefix("-")
            if negated { term.removeFirst() }
            guard term != "*", !term.isEmpty else { return true }
            let hit: Bool
            if let colon = term.firstIndex(of: ":") {
                let key = String(term[..<colon])
                let value = String(term[term.index(after: colon)...]).lowercased()
                if ["status", "service", "host"].contains(key) {
                    hit = attributes?[key]?.stringValue?.lowercased() == value
                } else {
                    hit = tags.contains(term)
                }
            } else {
                hit = message.contains(term.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
            return hit != negated
        }
    }

    func searchLogs(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = request.body.isEmpty ? [:] : try DatadogAPI.body(request)
        let filter = body["filter"]
        let from = try time(filter?["from"], default: now() - 900)
        let to = try time(filter?["to"], default: now())
        let query = filter?["query"]?.stringValue ?? "*"
        let limit = body["page"]?["limit"]?.intValue ?? 10
        guard limit >= 1, limit <= 1000 else { throw DatadogError.badRequest("page.limit must be between 1 and 1000") }
        let offset: Int
        if let cursor = body["page"]?["cursor"]?.stringValue {
            guard cursor.hasPrefix("eyJvZmZzZXQi"), let decoded = Data(base64Encoded: cursor),
                let text = String(data: decoded, encoding: .utf8), let number = Int(text.dropFirst(10).dropLast())
            else { throw DatadogError.badRequest("Invalid cursor: \(cursor)") }
            offset = number
        } else {
            offset = 0
        }
        let newestFirst = (body["sort"]?.stringValue ?? "timestamp") == "-timestamp"
        let logs = state.withLock { $0.logs }.filter { log in
            let stamp = (try? time(log["attributes"]?["timestamp"], default: 0)) ?? 0
            return stamp >= from && stamp <= to && Self.matches(log, query)
        }
        let sorted = newestFirst ? Array(logs.reversed()) : logs
        let page = Array(sorted.dropFirst(offset).prefix(limit))
        var meta: [String: JSONValue] = [
            "elapsed": 12, "request_id": .string(RequestID.current ?? "emulator"), "status": "done",
        ]
        var links: [String: JSONValue] = [:]
        if offset + page.count < sorted.count {
            let cursor = Data("{\"offset\":\(offset + page.count)}".utf8).base64EncodedString()
            meta["page"] = ["after": .string(cursor)]
            links["next"] = .string("\(request.baseURL)/api/v2/logs/events?page%5Bcursor%5D=\(cursor)")
        }
        var answer: [String: JSONValue] = ["data": .array(page), "meta": .object(meta)]
        if !links.isEmpty { answer["links"] = .object(links) }
        return .json(.object(answer))
    }

    // MARK: Timeseries

    func timeseries(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try DatadogAPI.body(request)
        guard body["data"]?["type"]?.stringValue == "timeseries_request", let attributes = body["data"]?["attributes"]
        else { throw DatadogError.badRequest("data.type must be timeseries_request") }
        guard let from = attributes["from"]?.intValue, let to = attributes["to"]?.intValue, to > from else {
            throw DatadogError.badRequest("data.attributes.from and to are required, to after from (milliseconds)")
        }
        let queries = attributes["queries"]?.arrayValue ?? []
        guard !queries.isEmpty else { throw DatadogError.badRequest("data.attributes.queries is required") }
        var parsed: [String: MetricQuery] = [:]
        for query in queries {
            guard let name = query["name"]?.stringValue, let text = query["query"]?.stringValue else {
                throw DatadogError.badRequest("Every query needs a name and a query")
            }
            parsed[name] = try MetricQuery(text)
        }
        var formulas = (attributes["formulas"]?.arrayValue ?? []).compactMap { $0["formula"]?.stringValue }
        if formulas.isEmpty { formulas = queries.compactMap { $0["name"]?.stringValue } }
        let interval = attributes["interval"]?.intValue.map { Double($0) / 1000 }
        let (times, _) = MetricQuery.times(from: Double(from) / 1000, to: Double(to) / 1000, interval: interval)
        let world = state.withLock { $0.series }
        var series: [JSONValue] = []
        var values: [JSONValue] = []
        for (index, formula) in formulas.enumerated() {
            // The emulator evaluates formulas that name one query; Datadog's arithmetic is not emulated.
            guard let query = parsed[formula.trimmingCharacters(in: .whitespaces)] else {
                throw DatadogError.badRequest("The emulator evaluates formulas that name one query, not \"\(formula)\"")
            }
            for result in query.evaluate(world, times: times) {
                series.append([
                    "group_tags": .array(result.groupTags.map(JSONValue.string)), "query_index": .integer(index),
                    "unit": .array([.null, .null]),
                ])
                values.append(.array(result.values.map { .number(($0 * 100).rounded() / 100) }))
            }
        }
        return .json([
            "data": [
                "type": "timeseries_response",
                "attributes": [
                    "series": .array(series), "times": .array(times.map { .integer(Int($0 * 1000)) }),
                    "values": .array(values),
                ],
            ]
        ])
    }

    // MARK: Incidents

    func createIncident(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try DatadogAPI.body(request)
        guard body["data"]?["type"]?.stringValue == "incidents", let attributes = body["data"]?["attributes"] else {
            throw DatadogError.badRequest("data.type must be incidents")
        }
        guard let title = attributes["title"]?.stringValue, !title.isEmpty else {
            throw DatadogError.badRequest("data.attributes.title is required")
        }
        guard let impacted = attributes["customer_impacted"]?.boolValue else {
            throw DatadogError.badRequest("data.attributes.customer_impacted is required")
        }
        let created = DatadogDemo.iso(now())
        let incident = state.withLock { world -> JSONValue in
            let number = world.newID()
            let id = String(format: "00000000-0000-4000-8000-%012d", number)
            let incident: JSONValue = [
                "id": .string(id), "type": "incidents",
                "attributes": [
                    "title": .string(title), "customer_impacted": .bool(impacted), "created": .string(created),
                    "modified": .string(created), "public_id": .integer(world.incidents.count + 1),
                    "state": "active", "severity": attributes["fields"]?["severity"]?["value"] ?? "UNKNOWN",
                    "fields": attributes["fields"] ?? [:],
                ],
                "relationships": [:],
            ]
            world.incidents.append(incident)
            return incident
        }
        return .json(["data": incident], status: 201)
    }
}
