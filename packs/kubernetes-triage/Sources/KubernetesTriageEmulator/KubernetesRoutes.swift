import EmulatorKit
import Foundation
import StructuredData

/// The answers of ``KubernetesAPI``'s routes.
struct Routes: Sendable {
    let state: SeededState<KubernetesWorld>

    func version() -> EmulatorResponse {
        .json([
            "major": "1", "minor": "32", "gitVersion": "v1.32.4-cordum-emulator", "gitCommit": "0000000",
            "gitTreeState": "clean", "buildDate": "2026-12-01T00:00:00Z", "goVersion": "go1.23.8", "compiler": "gc",
            "platform": "linux/amd64",
        ])
    }

    static func resource(_ name: String, _ kind: String, namespaced: Bool, verbs: [String], short: [String] = [])
        -> JSONValue
    {
        var entry: [String: JSONValue] = [
            "name": .string(name), "singularName": .string(name.contains("/") ? "" : kind.lowercased()),
            "namespaced": .bool(namespaced), "kind": .string(kind), "verbs": .array(verbs.map(JSONValue.string)),
        ]
        if !short.isEmpty { entry["shortNames"] = .array(short.map(JSONValue.string)) }
        return .object(entry)
    }

    func coreResources() -> EmulatorResponse {
        .json([
            "kind": "APIResourceList", "groupVersion": "v1",
            "resources": [
                Self.resource("namespaces", "Namespace", namespaced: false, verbs: ["get", "list"], short: ["ns"]),
                Self.resource("nodes", "Node", namespaced: false, verbs: ["get", "list"], short: ["no"]),
                Self.resource("pods", "Pod", namespaced: true, verbs: ["delete", "get", "list"], short: ["po"]),
                Self.resource("pods/log", "Pod", namespaced: true, verbs: ["get"]),
                Self.resource("events", "Event", namespaced: true, verbs: ["get", "list"], short: ["ev"]),
            ],
        ])
    }

    func groups() -> EmulatorResponse {
        .json([
            "kind": "APIGroupList", "apiVersion": "v1",
            "groups": [
                [
                    "name": "apps", "versions": [["groupVersion": "apps/v1", "version": "v1"]],
                    "preferredVersion": ["groupVersion": "apps/v1", "version": "v1"],
                ]
            ],
        ])
    }

    func appsResources() -> EmulatorResponse {
        .json([
            "kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "apps/v1",
            "resources": [
                Self.resource(
                    "deployments",
                    "Deployment",
                    namespaced: true,
                    verbs: ["get", "list", "patch", "watch"],
                    short: ["deploy"]
                ),
                Self.resource("deployments/scale", "Scale", namespaced: true, verbs: ["get", "patch"]),
                Self.resource("replicasets", "ReplicaSet", namespaced: true, verbs: ["get", "list"], short: ["rs"]),
            ],
        ])
    }

    // MARK: - reads

    func get(_ kind: String, _ key: String, resource: String) throws -> EmulatorResponse {
        let name = key.split(separator: "/").last.map(String.init) ?? key
        if kind == "deployments" { advanceRollout(key) }
        guard let object = state.withLock({ $0.objects[kind]?[key] }) else {
            throw KubernetesStatus.notFound(resource, name)
        }
        return .json(object)
    }

    func list(_ kind: String, kind listKind: String, namespace: String?, _ request: EmulatorRequest) throws
        -> EmulatorResponse
    {
        let labels = try LabelSelector(request.queryValue("labelSelector") ?? "")
        let fields = try FieldSelector(request.queryValue("fieldSelector") ?? "")
        if kind == "deployments" {
            for key in state.withLock({ Array($0.rollouts) }) { advanceRollout(key) }
        }
        let (all, version) = state.withLock { world in
            (world.objects[kind, default: [:]].sorted { $0.key < $1.key }.map(\.value), String(world.resourceVersion))
        }
        let items = all.filter { object in
            (namespace == nil || object["metadata"]?["namespace"]?.stringValue == namespace) && labels.matches(object)
                && fields.matches(object)
        }
        var start = 0
        if let token = request.queryValue("continue"), !token.isEmpty {
            guard let offset = Int(token), offset >= 0, offset <= items.count else {
                throw KubernetesStatus(
                    code: 410,
                    reason: "Expired",
                    message: "The provided continue parameter is too old to display a consistent list result."
                )
            }
            start = offset
        }
        var end = items.count
        if let limit = request.queryValue("limit").flatMap(Int.init), limit > 0 {
            end = min(items.count, start + limit)
        }
        var metadata: [String: JSONValue] = ["resourceVersion": .string(version)]
        if end < items.count {
            metadata["continue"] = .string(String(end))
            metadata["remainingItemCount"] = .integer(items.count - end)
        }
        let apiVersion = ["deployments", "replicasets"].contains(kind) ? "apps/v1" : "v1"
        return .json([
            "kind": .string(listKind), "apiVersion": .string(apiVersion), "metadata": .object(metadata),
            "items": .array(Array(items[start..<end])),
        ])
    }

    func log(_ namespace: String, _ name: String, _ request: EmulatorRequest) throws -> EmulatorResponse {
        let key = "\(namespace)/\(name)"
        guard let pod = state.withLock({ $0.objects["pods"]?[key] }) else {
            throw KubernetesStatus.notFound("pods", name)
        }
        let containers = (pod["spec"]?["containers"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        if let container = request.queryValue("container"), !containers.contains(container) {
            throw KubernetesStatus(
                code: 400,
                reason: "BadRequest",
                message: "container \(container) is not valid for pod \(name)"
            )
        }
        let previous = ["true", "1"].contains(request.queryValue("previous") ?? "")
        guard var text = state.withLock({ $0.logs[previous ? key + "#previous" : key] }) else {
            if previous {
                throw KubernetesStatus(
                    code: 400,
                    reason: "BadRequest",
                    message: "previous terminated container \"\(containers.first ?? "")\" in pod \"\(name)\" not found"
                )
            }
            return .text("", headers: ["content-type": "text/plain"])
        }
        var lines = text.split(separator: "\n").map(String.init)
        if let since = request.queryValue("sinceSeconds").flatMap(Int.init), since < 60 {
            lines = Array(lines.suffix(1))
        }
        if let tail = request.queryValue("tailLines").flatMap(Int.init), tail >= 0 { lines = Array(lines.suffix(tail)) }
        let stamped = ["true", "1"].contains(request.queryValue("timestamps") ?? "")
        text = lines.map { line in
            stamped || !line.hasPrefix("20") ? line : String(line.drop { $0 != " " }.dropFirst())
        }.map { $0 + "\n" }.joined()
        if let limit = request.queryValue("limitBytes").flatMap(Int.init), limit > 0, text.utf8.count > limit {
            text = String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self)
        }
        return .text(text, headers: ["content-type": "text/plain"])
    }

    // MARK: - writes

    func deletePod(_ namespace: String, _ name: String) throws -> EmulatorResponse {
        let key = "\(namespace)/\(name)"
        guard var pod = state.withLock({ $0.objects["pods"]?.removeValue(forKey: key) }) else {
            throw KubernetesStatus.notFound("pods", name)
        }
        if case .object(var members) = pod, case .object(var metadata) = members["metadata"] ?? [:] {
            metadata["deletionTimestamp"] = "2026-12-07T10:00:00Z"
            members["metadata"] = .object(metadata)
            pod = .object(members)
        }
        return .json(pod)
    }

    func patchDeployment(_ namespace: String, _ name: String, _ request: EmulatorRequest) throws -> EmulatorResponse {
        let type = (request.header("content-type") ?? "").split(separator: ";").first.map(String.init) ?? ""
        guard ["application/strategic-merge-patch+json", "application/merge-patch+json"].contains(type) else {
            throw KubernetesStatus(
                code: 415,
                reason: "UnsupportedMediaType",
                message:
                    "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"
            )
        }
        guard let patch = try? request.jsonBody(), patch.objectValue != nil else {
            throw KubernetesStatus(code: 400, reason: "BadRequest", message: "the patch is not a JSON object")
        }
        let key = "\(namespace)/\(name)"
        return try state.withLock { world throws(KubernetesStatus) -> EmulatorResponse in
            guard let current = world.objects["deployments"]?[key] else {
                throw KubernetesStatus.notFound("deployments.apps", name)
            }
            if let replicas = patch["spec"]?["replicas"], replicas.intValue == nil || (replicas.intValue ?? 0) < 0 {
                throw KubernetesStatus(
                    code: 422,
                    reason: "Invalid",
                    message:
                        "Deployment.apps \"\(name)\" is invalid: spec.replicas: Invalid value: \(JSONEncoding.compact(replicas)): must be greater than or equal to 0"
                )
            }
            var updated = Self.merge(current, patch)
            // Only spec changes bump the generation; a template change starts a rollout.
            if updated["spec"] != current["spec"] {
                let generation = (current["metadata"]?["generation"]?.intValue ?? 1) + 1
                updated = Self.setting(updated, ["metadata", "generation"], .integer(generation))
                if updated["spec"]?["template"] != current["spec"]?["template"] { world.rollouts.insert(key) }
                if updated["spec"]?["replicas"] != current["spec"]?["replicas"] {
                    let replicas = updated["spec"]?["replicas"] ?? 0
                    for field in ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"] {
                        updated = Self.setting(updated, ["status", field], replicas)
                    }
                    updated = Self.setting(updated, ["status", "observedGeneration"], .integer(generation))
                }
            }
            world.put("deployments", updated)
            return .json(world.objects["deployments"]?[key] ?? updated)
        }
    }

    func scale(_ namespace: String, _ name: String, _ request: EmulatorRequest?) throws -> EmulatorResponse {
        if let request {
            guard let replicas = (try? request.jsonBody())?["spec"]?["replicas"] else {
                throw KubernetesStatus(code: 400, reason: "BadRequest", message: "the patch names no spec.replicas")
            }
            var patch = request
            patch.body = Array(JSONEncoding.compact(["spec": ["replicas": replicas]]).utf8)
            _ = try patchDeployment(namespace, name, patch)
        }
        guard let deployment = state.withLock({ $0.objects["deployments"]?["\(namespace)/\(name)"] }) else {
            throw KubernetesStatus.notFound("deployments.apps", name)
        }
        return .json([
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "resourceVersion": deployment["metadata"]?["resourceVersion"] ?? "0",
            ],
            "spec": ["replicas": deployment["spec"]?["replicas"] ?? 0],
            "status": ["replicas": deployment["status"]?["replicas"] ?? 0, "selector": .string("app=\(name)")],
        ])
    }

    // MARK: - watches and rollouts

    /// `watch=1` on deployments (one named with `fieldSelector=metadata.name=…`): the current object as `ADDED`, then
    /// for a rollout in progress each step to its end as `MODIFIED`; the stream then ends (as the server's
    /// `timeoutSeconds` would), after a pause when nothing changed, so clients re-watching do not spin.
    func watch(_ namespace: String, _ request: EmulatorRequest) async throws -> EmulatorResponse {
        let fields = try FieldSelector(request.queryValue("fieldSelector") ?? "")
        let keys = state.withLock { world in
            world.objects["deployments", default: [:]].filter {
                $0.value["metadata"]?["namespace"]?.stringValue == namespace && fields.matches($0.value)
            }
            .keys.sorted()
        }
        var lines: [String] = []
        var changed = false
        for key in keys {
            if let object = state.withLock({ $0.objects["deployments"]?[key] }) {
                lines.append(JSONEncoding.compact(["type": "ADDED", "object": object]))
            }
            while let step = advanceRollout(key) {
                changed = true
                lines.append(JSONEncoding.compact(["type": "MODIFIED", "object": step]))
            }
        }
        if !changed {
            let seconds = min(Int(request.queryValue("timeoutSeconds") ?? "1") ?? 1, 1)
            try await Task.sleep(for: .seconds(max(seconds, 0)))
        }
        return EmulatorResponse(
            status: 200,
            headers: ["content-type": "application/json"],
            body: Array(lines.map { $0 + "\n" }.joined().utf8)
        )
    }

    /// Moves a restarted deployment one step on (observed → updated → available, its new pods replacing the old
    /// ones); returns the new object, or `nil` when no rollout is in progress.
    @discardableResult
    func advanceRollout(_ key: String) -> JSONValue? {
        state.withLock { world -> JSONValue? in
            guard world.rollouts.contains(key), var deployment = world.objects["deployments"]?[key] else { return nil }
            let generation = deployment["metadata"]?["generation"] ?? 1
            let wanted = deployment["spec"]?["replicas"]?.intValue ?? 1
            if deployment["status"]?["observedGeneration"] != generation {
                deployment = Self.setting(deployment, ["status", "observedGeneration"], generation)
                deployment = Self.setting(deployment, ["status", "updatedReplicas"], 0)
                // The controller starts a new replica set: Progressing is True again (ReplicaSetUpdated).
                let conditions = (deployment["status"]?["conditions"]?.arrayValue ?? []).map { condition -> JSONValue in
                    guard condition["type"] == "Progressing" else { return condition }
                    return [
                        "type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated",
                        "message": .string("ReplicaSet of generation \(generation.intValue ?? 0) is progressing."),
                    ]
                }
                deployment = Self.setting(deployment, ["status", "conditions"], .array(conditions))
            } else {
                world.rollouts.remove(key)
                for field in ["replicas", "updatedReplicas", "readyReplicas", "availableReplicas"] {
                    deployment = Self.setting(deployment, ["status", field], .integer(wanted))
                }
                deployment = Self.setting(deployment, ["status", "unavailableReplicas"], 0)
                deployment = Self.setting(
                    deployment,
                    ["status", "conditions"],
                    [
                        [
                            "type": "Available", "status": "True", "reason": "MinimumReplicasAvailable",
                            "message": "Deployment has minimum availability.",
                        ],
                        [
                            "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
                            "message": "ReplicaSet has successfully progressed.",
                        ],
                    ]
                )
                Self.replacePods(&world, deployment: deployment)
            }
            world.put("deployments", deployment)
            return world.objects["deployments"]?[key]
        }
    }

    /// The restarted deployment's pods: the old ones go, healthy new ones of a new replica set come.
    static func replacePods(_ world: inout KubernetesWorld, deployment: JSONValue) {
        guard let namespace = deployment["metadata"]?["namespace"]?.stringValue,
            let name = deployment["metadata"]?["name"]?.stringValue
        else { return }
        let generation = deployment["metadata"]?["generation"]?.intValue ?? 2
        let seed = (namespace + name).unicodeScalars.reduce(0) { ($0 * 31 + Int($1.value)) % 0xFFFFF }
        let hash = String(format: "%05x%d", seed, generation)
        for (key, pod) in world.objects["pods", default: [:]]
        where pod["metadata"]?["namespace"]?.stringValue == namespace
            && pod["metadata"]?["labels"]?["app"]?.stringValue == name
        {
            world.objects["pods"]?.removeValue(forKey: key)
            world.logs.removeValue(forKey: key)
            world.logs.removeValue(forKey: key + "#previous")
        }
        let replicas = deployment["spec"]?["replicas"]?.intValue ?? 1
        KubernetesDemo.addReplicaSet(
            &world,
            namespace: namespace,
            deployment: name,
            hash: hash,
            replicas: replicas,
            ready: replicas,
            revision: generation
        )
        let suffixes = ["pqrst", "uvwxy", "zabcd", "efghi", "jklmn"]
        for index in 0..<min(replicas, 20) {
            KubernetesDemo.addPod(
                &world,
                namespace: namespace,
                deployment: name,
                hash: hash,
                suffix: suffixes[index % 5] + (index >= 5 ? String(index) : ""),
                crashing: false,
                node: index % 2 == 0 ? "node-a" : "node-b"
            )
        }
    }

    // MARK: - JSON helpers

    /// A JSON merge patch (RFC 7386); for the fields the pack and kubectl patch, a strategic merge patch merges the
    /// same way (maps merged, `null` deleting).
    static func merge(_ target: JSONValue, _ patch: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            if value == .null {
                result.removeValue(forKey: key)
            } else {
                result[key] = merge(result[key] ?? .null, value)
            }
        }
        return .object(result)
    }

    static func setting(_ object: JSONValue, _ path: [String], _ value: JSONValue) -> JSONValue {
        guard let first = path.first else { return value }
        var members = object.objectValue ?? [:]
        members[first] = setting(members[first] ?? .object([:]), Array(path.dropFirst()), value)
        return .object(members)
    }
}
