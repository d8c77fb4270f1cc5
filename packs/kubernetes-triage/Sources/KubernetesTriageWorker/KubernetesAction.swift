import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The kubernetes-triage pack's actions declared on WorkerKit's action runtime (topic `job.kubernetes-triage.<name>`,
/// capability `kubernetes-triage.<name>`): the plain reads, lists and writes. `pods.logs`, `pods.describe` and
/// `deployments.rollout_status` read more than one answer and are handlers of their own (``KubernetesHandlers``).
public enum KubernetesAction {
    typealias Query = ActionRequest.QueryItem

    /// The pack id.
    static let packID = KubernetesConfiguration.packID

    /// The `namespace` input, checked against `ALLOWED_NAMESPACES`/`DENIED_NAMESPACES` and the profile's
    /// `allowed_namespaces`/`denied_namespaces`.
    public static let namespace = ActionResource.field("namespace", list: "NAMESPACES", noun: "namespace")

    /// Kubernetes' paging: `metadata.continue` sent back as `continue` (the request's `limit` kept).
    static let continueToken = CursorPagination(
        from: .body("metadata.continue"),
        sendAs: .query("continue"),
        noun: "continue token"
    )

    /// The annotation `kubectl rollout restart` sets on the pod template.
    public static let restartedAtAnnotation = "kubectl.kubernetes.io/restartedAt"

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = namespace,
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.\(packID).\(name)",
            capability: "\(packID).\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: continueToken,
            objects: objects,
            build: build
        )
    }

    /// `/api/v1/namespaces/<namespace>/<rest>` with the namespace encoded.
    static func core(_ input: ActionInput, _ rest: String) throws(WorkerError) -> String {
        "/api/v1/namespaces/\(URLEncoding.component(try input.string("namespace")))/\(rest)"
    }

    /// `/apis/apps/v1/namespaces/<namespace>/<rest>`.
    static func apps(_ input: ActionInput, _ rest: String) throws(WorkerError) -> String {
        "/apis/apps/v1/namespaces/\(URLEncoding.component(try input.string("namespace")))/\(rest)"
    }

    static func name(_ input: ActionInput) throws(WorkerError) -> String {
        URLEncoding.component(try input.string("name"))
    }

    /// `limit`, `labelSelector` and `fieldSelector` from the input.
    static func listQuery(_ input: ActionInput, fieldSelector: String? = nil) throws(WorkerError) -> [Query] {
        var query: [Query] = []
        if let limit = try input.optionalInteger("limit") { query.append(Query("limit", String(limit))) }
        if let labels = try input.optionalString("label_selector"), !labels.isEmpty {
            query.append(Query("labelSelector", labels))
        }
        var fields = fieldSelector
        if fields == nil { fields = try input.optionalString("field_selector") }
        if let fields, !fields.isEmpty {
            query.append(Query("fieldSelector", fields))
        }
        return query
    }

    /// The events field selector for an object (`involvedObject.kind=Pod,involvedObject.name=x`) and the input's own.
    static func eventSelector(_ input: ActionInput) throws(WorkerError) -> String {
        var parts: [String] = []
        if let kind = try input.optionalString("object_kind") { parts.append("involvedObject.kind=\(kind)") }
        if let name = try input.optionalString("object_name") { parts.append("involvedObject.name=\(name)") }
        if let own = try input.optionalString("field_selector"), !own.isEmpty { parts.append(own) }
        return parts.joined(separator: ",")
    }

    /// The reads and lists.
    static let reads: [Action] = [
        action("namespaces.list", .list(itemsKey: "items"), resource: nil) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "/api/v1/namespaces", query: try listQuery(input))
        },
        action("nodes.list", .list(itemsKey: "items"), resource: nil) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "/api/v1/nodes", query: try listQuery(input))
        },
        action("pods.list", .list(itemsKey: "items")) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try core(input, "pods"), query: try listQuery(input))
        },
        action("pods.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try core(input, "pods/\(try name(input))"))
        },
        action("events.list", .list(itemsKey: "items")) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try core(input, "events"),
                query: try listQuery(input, fieldSelector: try eventSelector(input))
            )
        },
        action("deployments.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try apps(input, "deployments/\(try name(input))"))
        },
        action("replicasets.list", .list(itemsKey: "items")) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try apps(input, "replicasets"), query: try listQuery(input))
        },
    ]

    /// The restart patch `kubectl rollout restart` sends (a strategic merge patch of the pod template's annotations).
    static func restart(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        let value = try input.optionalString("restarted_at") ?? ISO8601DateFormatter().string(from: Date())
        let body: JSONValue = [
            "spec": ["template": ["metadata": ["annotations": .object([restartedAtAnnotation: .string(value)])]]]
        ]
        return ActionRequest(
            method: .PATCH,
            path: try apps(input, "deployments/\(try name(input))"),
            body: body,
            headers: ["Content-Type": "application/strategic-merge-patch+json", "Accept": "application/json"]
        )
    }

    /// The scale patch `kubectl scale` sends (a merge patch of the scale subresource).
    static func scale(_ input: ActionInput) throws(WorkerError) -> ActionRequest {
        ActionRequest(
            method: .PATCH,
            path: try apps(input, "deployments/\(try name(input))/scale"),
            body: ["spec": ["replicas": .integer(try input.integer("replicas"))]],
            headers: ["Content-Type": "application/merge-patch+json", "Accept": "application/json"]
        )
    }

    static func deployment(_ change: ChangedObject.Change) -> Action.ObjectsExtractor {
        { input, _, _ in
            let namespace = input.value("namespace")?.stringValue ?? ""
            let name = input.value("name")?.stringValue ?? ""
            return [ChangedObject(kind: "deployment", id: .string("\(namespace)/\(name)"), change: change)]
        }
    }

    /// The writes, each on a plain and a `prod.` topic (``KubernetesHandlers`` routes namespaces between them).
    static let writes: [Action] = [
        action("deployments.rollout_restart", .write, objects: deployment(.updated), build: restart),
        action("deployments.scale", .write, objects: deployment(.updated), build: scale),
        action(
            "prod.deployments.rollout_restart",
            .write,
            enabling: .byExactName(reason: "production"),
            objects: deployment(.updated),
            build: restart
        ),
        action(
            "prod.deployments.scale",
            .write,
            enabling: .byExactName(reason: "production"),
            objects: deployment(.updated),
            build: scale
        ),
        action(
            "pods.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                let namespace = input.value("namespace")?.stringValue ?? ""
                let name = input.value("name")?.stringValue ?? ""
                return [ChangedObject(kind: "pod", id: .string("\(namespace)/\(name)"), change: .deleted)]
            }
        ) { input throws(WorkerError) in
            var query: [Query] = []
            if let grace = try input.optionalInteger("grace_period_seconds") {
                query.append(Query("gracePeriodSeconds", String(grace)))
            }
            return ActionRequest(method: .DELETE, path: try core(input, "pods/\(try name(input))"), query: query)
        },
    ]
}
