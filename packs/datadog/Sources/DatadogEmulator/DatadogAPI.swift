import EmulatorKit
import Foundation
import StructuredData

/// Datadog's API v1 endpoints the pack uses: metric queries, events, monitors (list, get, search, delete),
/// downtimes (list, create, cancel), hosts and SLOs (list, history), with Datadog's shapes and `{"errors": […]}`
/// refusals.
struct DatadogAPI {
    let state: SeededState<DatadogWorld>
    let now: @Sendable () -> Double

    func routes(into router: inout EmulatorRouter) {
        router.add("GET", "/api/v1/query") { request, _ in try self.query(request) }
        router.add("GET", "/api/v1/events") { request, _ in try self.events(request) }
        router.add("POST", "/api/v1/events") { request, _ in try self.createEvent(request) }
        router.add("GET", "/api/v1/monitor") { request, _ in try self.monitors(request) }
        router.add("GET", "/api/v1/monitor/search") { request, _ in try self.searchMonitors(request) }
        router.add("GET", "/api/v1/monitor/{id}") { request, parameters in
            try self.monitor(parameters.int("id"), request)
        }
        router.add("DELETE", "/api/v1/monitor/{id}") { _, parameters in try self.deleteMonitor(parameters.int("id")) }
        router.add("GET", "/api/v1/downtime") { request, _ in try self.downtimes(request) }
        router.add("POST", "/api/v1/downtime") { request, _ in try self.createDowntime(request) }
        router.add("DELETE", "/api/v1/downtime/{id}") { _, parameters in
            try self.cancelDowntime(parameters.int("id"))
        }
        router.add("GET", "/api/v1/hosts") { request, _ in try self.hosts(request) }
        router.add("GET", "/api/v1/slo") { request, _ in try self.slos(request) }
        router.add("GET", "/api/v1/slo/{id}/history") { request, parameters in
            try self.sloHistory(parameters["id"], request)
        }
    }

    // MARK: Requests

    static func integer(_ request: EmulatorRequest, _ name: String, required: Bool = false) throws -> Int? {
        guard let text = request.queryValue(name) else {
            if required { throw DatadogError.badRequest("Missing required parameter: \(name)") }
            return nil
        }
        guard let value = Int(text) else { throw DatadogError.badRequest("Invalid value for \(name): \(text)") }
        return value
    }

    static func body(_ request: EmulatorRequest) throws -> [String: JSONValue] {
        guard let body = try? request.jsonBody(), let object = body.objectValue else {
            throw DatadogError.badRequest("Invalid JSON body")
        }
        return object
    }

    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    // MARK: Metrics

    func query(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let from = try Self.integer(request, "from", required: true),
            let to = try Self.integer(request, "to", required: true),
            let text = request.queryValue("query")
        else { throw DatadogError.badRequest("Missing required parameter: query") }
        guard to > from else { throw DatadogError.badRequest("The 'to' time must be after the 'from' time") }
        let query = try MetricQuery(text)
        let (times, interval) = MetricQuery.times(from: Double(from), to: Double(to))
        let series = state.withLock { $0.series }
        let results = query.evaluate(series, times: times)
        let expressionBase = "\(query.aggregation):\(query.metric)"
        return .json([
            "status": "ok", "res_type": "time_series", "resp_version": 1, "query": .string(text),
            "from_date": .integer(from * 1000), "to_date": .integer(to * 1000), "message": "",
            "group_by": .array(query.groupBy.map(JSONValue.string)),
            "series": .array(
                results.map { result in
                    let scope = (query.scope + result.groupTags).joined(separator: ",")
                    return [
                        "metric": .string(query.metric), "display_name": .string(query.metric),
                        "scope": .string(scope.isEmpty ? "*" : scope),
                        "expression": .string("\(expressionBase){\(scope.isEmpty ? "*" : scope)}"),
                        "tag_set": .array(result.groupTags.map(JSONValue.string)),
                        "aggr": .string(query.aggregation), "interval": .integer(Int(interval)),
                        "length": .integer(times.count), "query_index": 0,
                        "start": .integer(Int((times.first ?? Double(from)) * 1000)),
                        "end": .integer(Int((times.last ?? Double(to)) * 1000)),
                        "pointlist": .array(
                            zip(times, result.values).map { [.number($0 * 1000), .number(($1 * 100).rounded() / 100)] }
                        ),
                        "unit": .array([.null, .null]),
                    ]
                }
            ),
        ])
    }

    // MARK: Events

    func events(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let start = try Self.integer(request, "start", required: true),
            let end = try Self.integer(request, "end", required: true)
        else { throw DatadogError.badRequest("Missing required parameter: start") }
        let tags = Self.list(request.queryValue("tags"))
        let sources = Self.list(request.queryValue("sources")).map { $0.lowercased() }
        let priority = request.queryValue("priority")
        let events = state.withLock { $0.events }.filter { event in
            let time = event["date_happened"]?.intValue ?? 0
            let eventTags = (event["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            return time >= start && time <= end && tags.allSatisfy(eventTags.contains)
                && (priority.map { event["priority"]?.stringValue == $0 } ?? true)
                && (sources.isEmpty || sources.contains(event["source_type_name"]?.stringValue?.lowercased() ?? ""))
        }
        return .json([
            "events": .array(
                events.sorted { ($0["date_happened"]?.intValue ?? 0) > ($1["date_happened"]?.intValue ?? 0) }
            )
        ])
    }

    func createEvent(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try Self.body(request)
        guard let title = body["title"]?.stringValue, !title.isEmpty else {
            throw DatadogError.badRequest("Event title is required")
        }
        guard let text = body["text"]?.stringValue, !text.isEmpty else {
            throw DatadogError.badRequest("Event text is required")
        }
        if title.count > 100 { throw DatadogError.badRequest("Event title is longer than 100 characters") }
        let current = now()
        let event = state.withLock { world -> JSONValue in
            let id = world.newID()
            let event = DatadogDemo.event(
                id,
                title,
                text,
                Double(body["date_happened"]?.intValue ?? Int(current)),
                body["alert_type"]?.stringValue ?? "info",
                body["source_type_name"]?.stringValue ?? "my_apps",
                (body["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            )
            world.events.append(event)
            return event
        }
        return .json(["status": "ok", "event": event], status: 202)
    }

    // MARK: Monitors

    static let groupStates = ["all", "alert", "warn", "no data"]

    /// A monitor as an answer shows it: its groups only when `group_states` asks for them.
    func shown(_ monitor: JSONValue, groupStates: [String]) -> JSONValue {
        guard case .object(var fields) = monitor else { return monitor }
        let groups = monitor["state"]?["groups"]?.objectValue ?? [:]
        let kept = groups.filter { _, group in
            let status = group["status"]?.stringValue?.lowercased() ?? ""
            return groupStates.contains("all") || groupStates.contains(status)
        }
        fields["state"] = ["groups": .object(kept)]
        return .object(fields)
    }

    func monitors(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let states = Self.list(request.queryValue("group_states"))
        let name = request.queryValue("name")?.lowercased()
        let tags = Self.list(request.queryValue("tags"))
        let monitorTags = Self.list(request.queryValue("monitor_tags"))
        let page = try Self.integer(request, "page") ?? 0
        let size = try Self.integer(request, "page_size") ?? 100
        guard size >= 1, size <= 1000 else { throw DatadogError.badRequest("page_size must be between 1 and 1000") }
        let monitors = state.withLock { $0.monitors }.sorted { $0.key < $1.key }.map(\.value).filter { monitor in
            let monitorTagList = (monitor["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            let query = monitor["query"]?.stringValue ?? ""
            return (name.map { monitor["name"]?.stringValue?.lowercased().contains($0) ?? false } ?? true)
                && monitorTags.allSatisfy(monitorTagList.contains) && tags.allSatisfy { query.contains($0) }
        }
        let slice = monitors.dropFirst(page * size).prefix(size)
        return .json(.array(slice.map { shown($0, groupStates: states) }))
    }

    func monitor(_ id: Int?, _ request: EmulatorRequest) throws -> EmulatorResponse {
        for state in Self.list(request.queryValue("group_states")) where !Self.groupStates.contains(state) {
            throw DatadogError.badRequest("Invalid group_states value: \(state)")
        }
        guard let id, let monitor = state.withLock({ $0.monitors[id] }) else {
            throw DatadogError.notFound("Monitor")
        }
        return .json(shown(monitor, groupStates: Self.list(request.queryValue("group_states"))))
    }

    func searchMonitors(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let terms = (request.queryValue("query") ?? "").split(separator: " ").map(String.init)
        let page = try Self.integer(request, "page") ?? 0
        let perPage = try Self.integer(request, "per_page") ?? 30
        let all = state.withLock { $0.monitors }.sorted { $0.key < $1.key }.map(\.value)
        let found = all.filter { monitor in
            terms.allSatisfy { term in
                let tags = (monitor["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
                if term.hasPrefix("status:") {
                    return monitor["overall_state"]?.stringValue?.lowercased() == term.dropFirst(7).lowercased()
                }
                if term.hasPrefix("tag:") { return tags.contains(String(term.dropFirst(4))) }
                if term.hasPrefix("type:") {
                    return monitor["type"]?.stringValue?.hasPrefix(String(term.dropFirst(5))) ?? false
                }
                return monitor["name"]?.stringValue?.lowercased().contains(term.lowercased()) ?? false
            }
        }
        let slice = Array(found.dropFirst(page * perPage).prefix(perPage))
        func counts(_ values: [String]) -> JSONValue {
            let grouped = Dictionary(grouping: values, by: { $0 })
            return .array(
                grouped.keys.sorted().map { ["name": .string($0), "count": .integer(grouped[$0]?.count ?? 0)] }
            )
        }
        return .json([
            "monitors": .array(
                slice.map { monitor in
                    [
                        "id": monitor["id"] ?? .null, "name": monitor["name"] ?? .null,
                        "status": monitor["overall_state"] ?? .null, "type": monitor["type"] ?? .null,
                        "query": monitor["query"] ?? .null, "tags": monitor["tags"] ?? [],
                        "classification": "metric", "creator": monitor["creator"] ?? .null, "org_id": 1,
                        "last_triggered_ts": monitor["state"]?["groups"]?.objectValue?.values.first?[
                            "last_triggered_ts"
                        ]
                            ?? .null,
                        "notifications": [["handle": "slack-ops", "name": "ops"]], "metrics": [], "scopes": [],
                    ]
                }
            ),
            "metadata": [
                "page": .integer(page), "per_page": .integer(perPage), "total_count": .integer(found.count),
                "page_count": .integer(max(1, (found.count + perPage - 1) / perPage)),
            ],
            "counts": [
                "status": counts(found.compactMap { $0["overall_state"]?.stringValue }),
                "type": counts(found.compactMap { $0["type"]?.stringValue }),
                "tag": counts(found.flatMap { ($0["tags"]?.arrayValue ?? []).compactMap(\.stringValue) }),
                "muted": [],
            ],
        ])
    }

    func deleteMonitor(_ id: Int?) throws -> EmulatorResponse {
        guard let id, state.withLock({ $0.monitors.removeValue(forKey: id) }) != nil else {
            throw DatadogError.notFound("Monitor")
        }
        return .json(["deleted_monitor_id": .integer(id)])
    }

    // MARK: Downtimes

    /// A downtime with `active` as of now.
    func current(_ downtime: JSONValue) -> JSONValue {
        guard case .object(var fields) = downtime else { return downtime }
        let time = Int(now())
        let started = (fields["start"]?.intValue ?? 0) <= time
        let ended = fields["end"]?.intValue.map { $0 <= time } ?? false
        fields["active"] = .bool(started && !ended && fields["canceled"] == .null)
        return .object(fields)
    }

    func downtimes(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let currentOnly = request.queryValue("current_only") == "true"
        let downtimes = state.withLock { $0.downtimes }.sorted { $0.key < $1.key }.map { current($0.value) }
            .filter { $0["canceled"] == .null && (!currentOnly || $0["active"]?.boolValue == true) }
        return .json(.array(downtimes))
    }

    func createDowntime(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try Self.body(request)
        let scope = (body["scope"]?.arrayValue ?? []).compactMap(\.stringValue)
        guard !scope.isEmpty else { throw DatadogError.badRequest("Invalid scope parameter: scope is required") }
        let time = Int(now())
        let start = body["start"]?.intValue ?? time
        let end = body["end"]?.intValue
        if let end, end <= start { throw DatadogError.badRequest("Downtime end must be after its start") }
        if let end, end <= time { throw DatadogError.badRequest("Downtime end cannot be in the past") }
        let monitor = body["monitor_id"]?.intValue
        return try state.withLock { world throws -> EmulatorResponse in
            if let monitor, world.monitors[monitor] == nil {
                throw DatadogError.notFound("Monitor \(monitor)")
            }
            let id = world.newID()
            let downtime: JSONValue = [
                "id": .integer(id), "active": .bool(start <= time), "canceled": .null, "creator_id": 1,
                "disabled": false, "downtime_type": 2, "start": .integer(start),
                "end": end.map(JSONValue.integer) ?? .null,
                "message": body["message"] ?? .null, "monitor_id": monitor.map(JSONValue.integer) ?? .null,
                "monitor_tags": body["monitor_tags"] ?? ["*"], "mute_first_recovery_notification": false,
                "parent_id": .null, "recurrence": .null, "scope": .array(scope.map(JSONValue.string)),
                "timezone": body["timezone"] ?? "UTC", "updater_id": .null,
            ]
            world.downtimes[id] = downtime
            return .json(downtime)
        }
    }

    func cancelDowntime(_ id: Int?) throws -> EmulatorResponse {
        let time = Int(now())
        let found = state.withLock { world -> Bool in
            guard let id, case .object(var fields)? = world.downtimes[id], fields["canceled"] == .null else {
                return false
            }
            fields["canceled"] = .integer(time)
            fields["active"] = false
            world.downtimes[id] = .object(fields)
            return true
        }
        guard found else { throw DatadogError.notFound("Downtime") }
        return .empty(status: 204)
    }

    // MARK: Hosts and SLOs

    func hosts(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let filter = request.queryValue("filter")?.lowercased()
        let start = try Self.integer(request, "start") ?? 0
        let count = try Self.integer(request, "count") ?? 100
        let all = state.withLock { $0.hosts }.filter { host in
            guard let filter, !filter.isEmpty else { return true }
            let tags = (host["tags_by_source"]?["Datadog"]?.arrayValue ?? []).compactMap(\.stringValue)
            return (host["name"]?.stringValue?.lowercased().contains(filter) ?? false) || tags.contains(filter)
        }
        let page = Array(all.dropFirst(start).prefix(count))
        return .json([
            "host_list": .array(page), "total_matching": .integer(all.count), "total_returned": .integer(page.count),
        ])
    }

    func slos(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let ids = Self.list(request.queryValue("ids"))
        let query = request.queryValue("query")?.lowercased()
        let tags = Self.list(request.queryValue("tags_query"))
        let slos = state.withLock { $0.slos }.filter { slo in
            let sloTags = (slo["tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            return (ids.isEmpty || ids.contains(slo["id"]?.stringValue ?? ""))
                && (query.map { slo["name"]?.stringValue?.lowercased().contains($0) ?? false } ?? true)
                && tags.allSatisfy(sloTags.contains)
        }
        return .json([
            "data": .array(slos), "errors": [],
            "metadata": ["page": ["total_count": .integer(slos.count), "total_filtered_count": .integer(slos.count)]],
        ])
    }

    func sloHistory(_ id: String, _ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let from = try Self.integer(request, "from_ts", required: true),
            let to = try Self.integer(request, "to_ts", required: true)
        else { throw DatadogError.badRequest("Missing required parameter: from_ts") }
        guard to > from else { throw DatadogError.badRequest("to_ts must be after from_ts") }
        guard let slo = state.withLock({ $0.slos.first { $0["id"]?.stringValue == id } }) else {
            throw DatadogError.notFound("SLO")
        }
        let sli = 99.93
        return .json([
            "data": [
                "from_ts": .integer(from), "to_ts": .integer(to), "type": "metric", "type_id": 1,
                "thresholds": ["7d": ["timeframe": "7d", "target": 99.9, "target_display": "99.9"]],
                "overall": [
                    "name": slo["name"] ?? .null, "sli_value": .number(sli), "span_precision": 2, "preview": false,
                    "precision": ["7d": 2], "error_budget_remaining": ["7d": .number((sli - 99.9) / 0.1 * 100)],
                ],
                "series": [
                    "numerator": [
                        "count": 1, "sum": .number(999_300), "values": [.number(999_300)],
                        "times": [.integer(to * 1000)],
                    ],
                    "denominator": [
                        "count": 1, "sum": .number(1_000_000), "values": [.number(1_000_000)],
                        "times": [.integer(to * 1000)],
                    ],
                    "interval": 3600, "query": "sum:web.requests.ok{env:prod}.as_count()", "res_type": "time_series",
                    "resp_version": 2, "times": [.number(Double(to) * 1000)],
                ],
            ],
            "errors": .null,
        ])
    }
}
