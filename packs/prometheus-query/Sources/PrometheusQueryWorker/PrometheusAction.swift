import NIOHTTP1
import StructuredData
public import WorkerKit

/// The prometheus-query pack's actions (topic `job.prometheus-query.<name>`, capability `prometheus-query.<name>`).
/// Prometheus' reads are `GET`s under `/api/v1` of the profile's `base_url`; the `alertmanager.*` actions go to
/// Alertmanager's API v2 under the profile's `alertmanager_url` (``AlertmanagerTransport``).
///
/// Times reach the builders already resolved by ``QueryJob`` (`start`, `end` and `step` in seconds), so a request
/// says exactly the range the bounds were checked on.
public enum PrometheusAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(
        uniqueKeysWithValues: (prometheus + alertmanager).map { ($0.name, $0) }
    )

    /// The actions that read Prometheus.
    static let prometheus: [Action] = [
        action("query") { input throws(WorkerError) in
            get("/api/v1/query", [Query("query", try input.string("query"))] + texts(input, ["time", "timeout"]))
        },
        action("query.range") { input throws(WorkerError) in
            get(
                "/api/v1/query_range",
                [Query("query", try input.string("query"))] + texts(input, ["start", "end", "step", "timeout"])
            )
        },
        action("series") { input throws(WorkerError) in
            get("/api/v1/series", repeated(input, "match", as: "match[]") + texts(input, ["start", "end"]))
        },
        action("labels") { input throws(WorkerError) in
            get("/api/v1/labels", repeated(input, "match", as: "match[]") + texts(input, ["start", "end"]))
        },
        action("label.values") { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: "/api/v1/label/\(URLEncoding.component(try input.string("name")))/values",
                query: repeated(input, "match", as: "match[]") + texts(input, ["start", "end"])
            )
        },
        action("targets") { input throws(WorkerError) in get("/api/v1/targets", texts(input, ["state"])) },
        action("rules") { input throws(WorkerError) in
            get(
                "/api/v1/rules",
                texts(input, ["type"]) + repeated(input, "rule_name", as: "rule_name[]")
                    + repeated(input, "rule_group", as: "rule_group[]")
            )
        },
        action("alerts") { _ throws(WorkerError) in get("/api/v1/alerts", []) },
        action("metadata") { input throws(WorkerError) in get("/api/v1/metadata", texts(input, ["metric", "limit"])) },
        action("query.exemplars") { input throws(WorkerError) in
            get(
                "/api/v1/query_exemplars",
                [Query("query", try input.string("query"))] + texts(input, ["start", "end"])
            )
        },
    ]

    /// The actions on Alertmanager.
    static let alertmanager: [Action] = [
        action("alertmanager.alerts.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            get(
                "/api/v2/alerts",
                repeated(input, "filter", as: "filter") + texts(input, ["active", "silenced", "inhibited", "receiver"])
            )
        },
        action("alertmanager.silences.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            get("/api/v2/silences", repeated(input, "filter", as: "filter"))
        },
        action("alertmanager.silences.get") { input throws(WorkerError) in
            get("/api/v2/silence/\(URLEncoding.component(try input.string("silence_id")))", [])
        },
        action("alertmanager.silences.create", .write, objects: created) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: "/api/v2/silences",
                body: try silence(input),
                headers: ["Content-Type": "application/json"]
            )
        },
        Action(
            name: "alertmanager.silences.expire",
            topic: "job.prometheus-query.alertmanager.silences.expire",
            capability: "prometheus-query.alertmanager.silences.expire",
            kind: .write,
            pagination: NoPagination(),
            objects: { input, _, _ in
                [ChangedObject(kind: "silence", id: input.value("silence_id") ?? .null, change: .updated)]
            },
            emptyResult: { input, _ in ["expired": true, "silenceID": input.value("silence_id") ?? .null] }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .DELETE,
                path: "/api/v2/silence/\(URLEncoding.component(try input.string("silence_id")))"
            )
        },
    ]

    static func action(
        _ name: String,
        _ kind: Action.Kind = .read,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.prometheus-query.\(name)",
            capability: "prometheus-query.\(name)",
            kind: kind,
            pagination: NoPagination(),
            objects: objects,
            build: build
        )
    }

    static func get(_ path: String, _ query: [Query]) -> ActionRequest {
        ActionRequest(method: .GET, path: path, query: query)
    }

    /// The query parameters of `fields` the input has, in order (numbers and booleans as text).
    static func texts(_ input: ActionInput, _ fields: [String]) -> [Query] {
        fields.compactMap { field in
            switch input.value(field) {
            case .string(let text): Query(field, text)
            case .integer(let number): Query(field, String(number))
            case .number(let number): Query(field, PromTime.text(number))
            case .bool(let flag): Query(field, flag ? "true" : "false")
            default: nil
            }
        }
    }

    /// One query parameter per element of the array `field` (`match[]=a&match[]=b`).
    static func repeated(_ input: ActionInput, _ field: String, as name: String) -> [Query] {
        (input.value(field)?.arrayValue ?? []).compactMap { $0.stringValue.map { Query(name, $0) } }
    }

    /// The silence Alertmanager gets: the matchers (given, or one equality matcher per label, sorted by name),
    /// `startsAt`/`endsAt` as ``QueryJob`` resolved them, `createdBy` (the run's principal) and the comment.
    static func silence(_ input: ActionInput) throws(WorkerError) -> JSONValue {
        var matchers: [JSONValue] = []
        if let given = input.value("matchers")?.arrayValue {
            matchers = given.map { matcher in
                var fields = matcher.objectValue ?? [:]
                if fields["isRegex"] == nil { fields["isRegex"] = false }
                if fields["isEqual"] == nil { fields["isEqual"] = true }
                return .object(fields)
            }
        } else if let labels = input.value("labels")?.objectValue {
            matchers = labels.keys.sorted().map { name in
                ["name": .string(name), "value": labels[name] ?? "", "isRegex": false, "isEqual": true]
            }
        }
        guard !matchers.isEmpty else { throw input.invalid("Give the silence matchers or labels.") }
        return [
            "matchers": .array(matchers),
            "startsAt": .string(try input.string("starts_at")),
            "endsAt": .string(try input.string("ends_at")),
            "createdBy": .string(try input.string("created_by")),
            "comment": .string(try input.string("comment")),
        ]
    }

    static let created: Action.ObjectsExtractor = { _, _, result in
        [ChangedObject(kind: "silence", id: result["silenceID"] ?? .null, change: .created)]
    }
}

/// Prometheus and Alertmanager answer in one piece: no next page.
struct NoPagination: PaginationStrategy {
    func nextPage(after page: ListPage, http: VendorHTTPClient) throws(WorkerError) -> NextPage? { nil }
}
