import EmulatorKit
import Foundation
import StructuredData

/// Alertmanager's API v2 endpoints the pack uses: the alerts of the firing rules (with Alertmanager's fingerprint
/// of their labels, and `suppressed` while a silence matches them), and silences (list, get, create, expire) with
/// Alertmanager's matchers (`=`, `!=`, `=~`, `!~` in `filter`; `isRegex`/`isEqual` in silences).
struct AlertmanagerAPI {
    let state: SeededState<PrometheusWorld>
    let now: @Sendable () -> Double

    func routes(into router: inout EmulatorRouter) {
        router.add("GET", "/api/v2/alerts") { request, _ in try self.alerts(request) }
        router.add("GET", "/api/v2/silences") { request, _ in try self.silences(request) }
        router.add("POST", "/api/v2/silences") { request, _ in try self.create(request) }
        router.add("GET", "/api/v2/silence/{id}") { _, parameters in try self.silence(parameters["id"]) }
        router.add("DELETE", "/api/v2/silence/{id}") { _, parameters in try self.expire(parameters["id"]) }
    }

    static func refusal(_ status: Int, _ message: String) -> PrometheusError {
        PrometheusError(status: status, type: "", message: message, plainText: true)
    }

    // MARK: Alerts

    func alerts(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let filters = try request.query.filter { $0.name == "filter" }.map { try Matcher(filter: $0.value) }
        let flag = { (name: String) in request.queryValue(name).map { $0 != "false" } ?? true }
        let (rules, silences) = state.withLock { ($0.rules, $0.silences) }
        let current = now()
        var answer: [JSONValue] = []
        for rule in rules {
            guard let activeAt = rule.activeAt else { continue }
            let labels = rule.alertLabels
            guard filters.allSatisfy({ $0.matches(labels) }) else { continue }
            let silencedBy = silences.filter { silence in
                silence.startsAt <= current && current < silence.endsAt
                    && silence.matchers.allSatisfy { (try? Matcher(json: $0))?.matches(labels) ?? false }
            }.map(\.id)
            let suppressed = !silencedBy.isEmpty
            guard suppressed ? flag("silenced") : flag("active") else { continue }
            answer.append([
                "labels": .object(labels.mapValues(JSONValue.string)),
                "annotations": .object(rule.annotations.mapValues(JSONValue.string)),
                "startsAt": .string(PrometheusAPI.rfc3339(activeAt)),
                "endsAt": .string(PrometheusAPI.rfc3339(current + 240)),
                "updatedAt": .string(PrometheusAPI.rfc3339(current - 2)),
                "fingerprint": .string(Self.fingerprint(labels)),
                "receivers": [["name": "default"]],
                "status": [
                    "state": .string(suppressed ? "suppressed" : "active"),
                    "silencedBy": .array(silencedBy.map(JSONValue.string)),
                    "inhibitedBy": [],
                ],
                "generatorURL": "http://127.0.0.1:9090/graph?g0.expr=up",
            ])
        }
        return .json(.array(answer))
    }

    /// The FNV-1a 64-bit hash of the sorted labels (name, 0xff, value, 0xff), as Prometheus' label fingerprints.
    static func fingerprint(_ labels: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in labels.keys.sorted() {
            for byte in Array(name.utf8) + [0xff] + Array((labels[name] ?? "").utf8) + [0xff] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: Silences

    func silenceJSON(_ silence: PrometheusWorld.Silence) -> JSONValue {
        let current = now()
        let state = current < silence.startsAt ? "pending" : current < silence.endsAt ? "active" : "expired"
        return [
            "id": .string(silence.id),
            "status": ["state": .string(state)],
            "updatedAt": .string(PrometheusAPI.rfc3339(silence.updatedAt)),
            "matchers": .array(silence.matchers),
            "startsAt": .string(PrometheusAPI.rfc3339(silence.startsAt)),
            "endsAt": .string(PrometheusAPI.rfc3339(silence.endsAt)),
            "createdBy": .string(silence.createdBy),
            "comment": .string(silence.comment),
        ]
    }

    func silences(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let filters = try request.query.filter { $0.name == "filter" }.map { try Matcher(filter: $0.value) }
        let silences = state.withLock { $0.silences }
        let kept = silences.filter { silence in
            filters.allSatisfy { filter in
                silence.matchers.contains { matcher in
                    matcher["name"]?.stringValue == filter.name
                        && filter.matches([filter.name: matcher["value"]?.stringValue ?? ""])
                }
            }
        }
        return .json(.array(kept.map(silenceJSON)))
    }

    func silence(_ id: String) throws -> EmulatorResponse {
        guard let found = state.withLock({ $0.silences.first { $0.id == id } }) else {
            throw Self.refusal(404, "silence \(id) not found")
        }
        return .json(silenceJSON(found))
    }

    func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        guard let body = try? request.jsonBody(), let fields = body.objectValue else {
            throw Self.refusal(400, "parsing silence body failed: the body is not a JSON object")
        }
        guard let matchers = fields["matchers"]?.arrayValue, !matchers.isEmpty else {
            throw Self.refusal(400, "matchers in body is required")
        }
        for matcher in matchers {
            guard matcher["name"]?.stringValue?.isEmpty == false, matcher["value"]?.stringValue != nil,
                matcher["isRegex"]?.boolValue != nil
            else { throw Self.refusal(400, "matchers need name, value and isRegex") }
            _ = try Matcher(json: matcher)
        }
        guard let startsText = fields["startsAt"]?.stringValue, let startsAt = PrometheusAPI.rfc3339Seconds(startsText),
            let endsText = fields["endsAt"]?.stringValue, let endsAt = PrometheusAPI.rfc3339Seconds(endsText)
        else { throw Self.refusal(400, "startsAt and endsAt in body are required RFC 3339 times") }
        guard let createdBy = fields["createdBy"]?.stringValue, !createdBy.isEmpty else {
            throw Self.refusal(400, "createdBy in body is required")
        }
        guard let comment = fields["comment"]?.stringValue, !comment.isEmpty else {
            throw Self.refusal(400, "comment in body is required")
        }
        let current = now()
        guard endsAt > startsAt else {
            throw Self.refusal(400, "Failed to create silence: end time must not be before start time")
        }
        guard endsAt > current else {
            throw Self.refusal(400, "Failed to create silence: end time can't be in the past")
        }
        let id = state.withLock { world in
            let id = String(format: "00000000-0000-4000-8000-%012x", world.nextSilence)
            world.nextSilence += 1
            world.silences.append(
                PrometheusWorld.Silence(
                    id: id,
                    matchers: matchers,
                    startsAt: max(startsAt, current),
                    endsAt: endsAt,
                    createdBy: createdBy,
                    comment: comment,
                    updatedAt: current
                )
            )
            return id
        }
        return .json(["silenceID": .string(id)])
    }

    func expire(_ id: String) throws -> EmulatorResponse {
        let current = now()
        let found = state.withLock { world in
            guard let index = world.silences.firstIndex(where: { $0.id == id }) else { return false }
            if world.silences[index].endsAt > current {
                world.silences[index].endsAt = current
                world.silences[index].updatedAt = current
            }
            return true
        }
        guard found else { throw Self.refusal(404, "silence \(id) not found") }
        return .empty(status: 200)
    }
}

/// One Alertmanager matcher: `name="value"`, `!=`, `=~`, `!~`.
struct Matcher {
    var name: String
    var value: String
    var isRegex: Bool
    var isEqual: Bool

    init(filter: String) throws {
        let operators = ["=~", "!~", "!=", "="]
        guard
            let op = operators.compactMap({ op in filter.range(of: op).map { (op, $0) } }).min(by: {
                $0.1.lowerBound < $1.1.lowerBound
            })
        else {
            throw AlertmanagerAPI.refusal(400, "bad matcher format: \(filter)")
        }
        name = String(filter[..<op.1.lowerBound]).trimmingCharacters(in: .whitespaces)
        var raw = String(filter[op.1.upperBound...]).trimmingCharacters(in: .whitespaces)
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") { raw = String(raw.dropFirst().dropLast()) }
        value = raw
        isRegex = op.0.hasSuffix("~")
        isEqual = !op.0.hasPrefix("!")
        guard !name.isEmpty else { throw AlertmanagerAPI.refusal(400, "bad matcher format: \(filter)") }
        if isRegex, (try? NSRegularExpression(pattern: "^(?:\(value))$")) == nil {
            throw AlertmanagerAPI.refusal(400, "bad matcher format: \(filter)")
        }
    }

    init(json: JSONValue) throws {
        name = json["name"]?.stringValue ?? ""
        value = json["value"]?.stringValue ?? ""
        isRegex = json["isRegex"]?.boolValue ?? false
        isEqual = json["isEqual"]?.boolValue ?? true
        if isRegex, (try? NSRegularExpression(pattern: "^(?:\(value))$")) == nil {
            throw AlertmanagerAPI.refusal(400, "invalid regular expression for matcher \(name): \(value)")
        }
    }

    func matches(_ labels: [String: String]) -> Bool {
        let actual = labels[name] ?? ""
        let hit: Bool
        if isRegex {
            let regex = try? NSRegularExpression(pattern: "^(?:\(value))$")
            hit = regex?.firstMatch(in: actual, range: NSRange(actual.startIndex..., in: actual)) != nil
        } else {
            hit = actual == value
        }
        return hit == isEqual
    }
}
