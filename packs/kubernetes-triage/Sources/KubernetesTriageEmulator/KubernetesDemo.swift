import Foundation
import StructuredData

/// The demo cluster `packctl dev` and the tests use:
///
/// - namespaces `default`, `kube-system`, `shop` and `prod-eu` (the demo profile marks `prod-*` as production);
/// - nodes `node-a` (Ready) and `node-b` (Ready, under MemoryPressure);
/// - `shop/checkout`: 2 replicas, rolled out; `shop/payments`: 2 replicas, one pod in CrashLoopBackOff, its rollout
///   past its progress deadline (a restart brings it back); `prod-eu/api`: 3 replicas, rolled out;
/// - events of the crashing pod and the deployments; logs of every pod (the crashing one with its previous instance).
public enum KubernetesDemo {
    /// The bearer token the demo API server accepts (a service-account token's shape, not a real one).
    public static let token = "k8s-emulator-demo-token-0000000000000000"
    /// The fixed creation time of the demo objects.
    static let created = "2026-12-01T09:00:00Z"

    /// Fills `world` with the demo cluster.
    public static func fill(_ world: inout KubernetesWorld) {
        world.tokens.insert(token)
        for name in ["default", "kube-system", "shop", "prod-eu"] {
            world.put(
                "namespaces",
                [
                    "apiVersion": "v1", "kind": "Namespace",
                    "metadata": [
                        "name": .string(name), "uid": .string("ns-\(name)"), "creationTimestamp": .string(created),
                        "labels": ["kubernetes.io/metadata.name": .string(name)],
                    ],
                    "spec": ["finalizers": ["kubernetes"]], "status": ["phase": "Active"],
                ]
            )
        }
        world.put("nodes", node("node-a", memoryPressure: false))
        world.put("nodes", node("node-b", memoryPressure: true))
        addDeployment(&world, namespace: "shop", name: "checkout", replicas: 2, hash: "7d9f8b6c5", crashing: 0)
        addDeployment(&world, namespace: "shop", name: "payments", replicas: 2, hash: "6b7c8d9e0", crashing: 1)
        addDeployment(&world, namespace: "prod-eu", name: "api", replicas: 3, hash: "5f6a7b8c9", crashing: 0)
    }

    static func node(_ name: String, memoryPressure: Bool) -> JSONValue {
        func condition(_ type: String, _ status: Bool, _ reason: String) -> JSONValue {
            [
                "type": .string(type), "status": .string(status ? "True" : "False"), "reason": .string(reason),
                "lastTransitionTime": .string(created), "lastHeartbeatTime": .string(created),
                "message": .string(reason),
            ]
        }
        return [
            "apiVersion": "v1", "kind": "Node",
            "metadata": [
                "name": .string(name), "uid": .string("node-\(name)"), "creationTimestamp": .string(created),
                "labels": ["kubernetes.io/hostname": .string(name), "kubernetes.io/os": "linux"],
            ],
            "spec": ["podCIDR": "10.244.0.0/24"],
            "status": [
                "conditions": [
                    condition(
                        "MemoryPressure",
                        memoryPressure,
                        memoryPressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory"
                    ),
                    condition("DiskPressure", false, "KubeletHasNoDiskPressure"),
                    condition("PIDPressure", false, "KubeletHasSufficientPID"),
                    condition("Ready", true, "KubeletReady"),
                ],
                "capacity": ["cpu": "4", "memory": "16Gi", "pods": "110"],
                "allocatable": ["cpu": "4", "memory": "15Gi", "pods": "110"],
                "nodeInfo": ["kubeletVersion": "v1.32.4", "osImage": "Debian GNU/Linux 12", "architecture": "amd64"],
            ],
        ]
    }

    static func addDeployment(
        _ world: inout KubernetesWorld,
        namespace: String,
        name: String,
        replicas: Int,
        hash: String,
        crashing: Int
    ) {
        let failed = crashing > 0
        let available = replicas - crashing
        var progressing: JSONValue = [
            "type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable",
            "message": .string("ReplicaSet \"\(name)-\(hash)\" has successfully progressed."),
            "lastUpdateTime": .string(created), "lastTransitionTime": .string(created),
        ]
        if failed {
            progressing = [
                "type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                "message": .string("ReplicaSet \"\(name)-\(hash)\" has timed out progressing."),
                "lastUpdateTime": .string(created), "lastTransitionTime": .string(created),
            ]
        }
        world.put(
            "deployments",
            [
                "apiVersion": "apps/v1", "kind": "Deployment",
                "metadata": [
                    "name": .string(name), "namespace": .string(namespace),
                    "uid": .string("deploy-\(namespace)-\(name)"),
                    "generation": 1, "creationTimestamp": .string(created), "labels": ["app": .string(name)],
                    "annotations": ["deployment.kubernetes.io/revision": "1"],
                ],
                "spec": [
                    "replicas": .integer(replicas), "progressDeadlineSeconds": 600, "revisionHistoryLimit": 10,
                    "selector": ["matchLabels": ["app": .string(name)]],
                    "strategy": [
                        "type": "RollingUpdate", "rollingUpdate": ["maxSurge": "25%", "maxUnavailable": "25%"],
                    ],
                    "template": [
                        "metadata": ["labels": ["app": .string(name)]],
                        "spec": [
                            "containers": [
                                ["name": .string(name), "image": .string("registry.example.com/\(name):1.4.2")]
                            ]
                        ],
                    ],
                ],
                "status": [
                    "observedGeneration": 1, "replicas": .integer(replicas), "updatedReplicas": .integer(replicas),
                    "readyReplicas": .integer(available), "availableReplicas": .integer(available),
                    "unavailableReplicas": .integer(crashing),
                    "conditions": [
                        [
                            "type": "Available", "status": .string(failed ? "False" : "True"),
                            "reason": .string(failed ? "MinimumReplicasUnavailable" : "MinimumReplicasAvailable"),
                            "message": .string(
                                failed
                                    ? "Deployment does not have minimum availability."
                                    : "Deployment has minimum availability."
                            ),
                            "lastUpdateTime": .string(created), "lastTransitionTime": .string(created),
                        ],
                        progressing,
                    ],
                ],
            ]
        )
        addReplicaSet(
            &world,
            namespace: namespace,
            deployment: name,
            hash: hash,
            replicas: replicas,
            ready: available,
            revision: 1
        )
        let suffixes = ["abcde", "fghij", "klmno"]
        for index in 0..<replicas {
            let crash = index >= replicas - crashing
            addPod(
                &world,
                namespace: namespace,
                deployment: name,
                hash: hash,
                suffix: suffixes[index % 3],
                crashing: crash,
                node: index % 2 == 0 ? "node-a" : "node-b"
            )
        }
        world.put(
            "events",
            event(
                namespace: namespace,
                kind: "Deployment",
                name: name,
                uid: "deploy-\(namespace)-\(name)",
                type: "Normal",
                reason: "ScalingReplicaSet",
                message: "Scaled up replica set \(name)-\(hash) to \(replicas)",
                component: "deployment-controller",
                count: 1,
                index: world.resourceVersion
            )
        )
    }

    static func addReplicaSet(
        _ world: inout KubernetesWorld,
        namespace: String,
        deployment: String,
        hash: String,
        replicas: Int,
        ready: Int,
        revision: Int
    ) {
        world.put(
            "replicasets",
            [
                "apiVersion": "apps/v1", "kind": "ReplicaSet",
                "metadata": [
                    "name": .string("\(deployment)-\(hash)"), "namespace": .string(namespace),
                    "uid": .string("rs-\(namespace)-\(deployment)-\(hash)"), "creationTimestamp": .string(created),
                    "labels": ["app": .string(deployment), "pod-template-hash": .string(hash)],
                    "annotations": ["deployment.kubernetes.io/revision": .string(String(revision))],
                    "ownerReferences": [
                        [
                            "apiVersion": "apps/v1", "kind": "Deployment", "name": .string(deployment),
                            "uid": .string("deploy-\(namespace)-\(deployment)"), "controller": true,
                        ]
                    ],
                ],
                "spec": [
                    "replicas": .integer(replicas),
                    "selector": ["matchLabels": ["app": .string(deployment), "pod-template-hash": .string(hash)]],
                ],
                "status": [
                    "replicas": .integer(replicas), "readyReplicas": .integer(ready),
                    "availableReplicas": .integer(ready), "observedGeneration": 1,
                ],
            ]
        )
    }

    static func addPod(
        _ world: inout KubernetesWorld,
        namespace: String,
        deployment: String,
        hash: String,
        suffix: String,
        crashing: Bool,
        node: String
    ) {
        let name = "\(deployment)-\(hash)-\(suffix)"
        let uid = "pod-\(namespace)-\(name)"
        let state: JSONValue =
            crashing
            ? [
                "waiting": [
                    "reason": "CrashLoopBackOff",
                    "message": .string("back-off 5m0s restarting failed container=\(deployment) pod=\(name)"),
                ]
            ]
            : ["running": ["startedAt": .string(created)]]
        var status: [String: JSONValue] = [
            "name": .string(deployment), "ready": .bool(!crashing), "started": .bool(!crashing),
            "restartCount": .integer(crashing ? 7 : 0), "state": state,
            "image": .string("registry.example.com/\(deployment):1.4.2"),
            "imageID": .string("registry.example.com/\(deployment)@sha256:0f1e"),
            "containerID": .string("containerd://\(uid)"),
        ]
        if crashing {
            status["lastState"] = [
                "terminated": [
                    "reason": "Error", "exitCode": 1, "startedAt": .string(created), "finishedAt": .string(created),
                ]
            ]
        }
        world.put(
            "pods",
            [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": [
                    "name": .string(name), "namespace": .string(namespace), "uid": .string(uid),
                    "creationTimestamp": .string(created),
                    "labels": ["app": .string(deployment), "pod-template-hash": .string(hash)],
                    "ownerReferences": [
                        [
                            "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": .string("\(deployment)-\(hash)"),
                            "uid": .string("rs-\(namespace)-\(deployment)-\(hash)"), "controller": true,
                            "blockOwnerDeletion": true,
                        ]
                    ],
                ],
                "spec": [
                    "nodeName": .string(node), "restartPolicy": "Always", "serviceAccountName": "default",
                    "containers": [
                        ["name": .string(deployment), "image": .string("registry.example.com/\(deployment):1.4.2")]
                    ],
                ],
                "status": [
                    "phase": "Running", "hostIP": "10.0.0.10",
                    "podIP": .string("10.244.0.\(world.resourceVersion % 250)"),
                    "startTime": .string(created), "qosClass": "BestEffort",
                    "conditions": [
                        ["type": "Initialized", "status": "True", "lastTransitionTime": .string(created)],
                        [
                            "type": "Ready", "status": .string(crashing ? "False" : "True"),
                            "lastTransitionTime": .string(created),
                        ],
                        [
                            "type": "ContainersReady", "status": .string(crashing ? "False" : "True"),
                            "lastTransitionTime": .string(created),
                        ],
                        ["type": "PodScheduled", "status": "True", "lastTransitionTime": .string(created)],
                    ],
                    "containerStatuses": [.object(status)],
                ],
            ]
        )
        let key = "\(namespace)/\(name)"
        if crashing {
            world.logs[key] =
                "2026-12-07T09:14:02Z starting \(deployment) 1.4.2\n2026-12-07T09:14:03Z connecting to postgres://payments-db:5432\n2026-12-07T09:14:08Z FATAL: could not connect to payments-db:5432: connection refused\n"
            world.logs[key + "#previous"] =
                "2026-12-07T09:08:51Z starting \(deployment) 1.4.2\n2026-12-07T09:08:57Z FATAL: could not connect to payments-db:5432: connection refused\n"
            world.put(
                "events",
                event(
                    namespace: namespace,
                    kind: "Pod",
                    name: name,
                    uid: uid,
                    type: "Warning",
                    reason: "BackOff",
                    message: "Back-off restarting failed container \(deployment) in pod \(name)",
                    component: "kubelet",
                    count: 31,
                    index: world.resourceVersion
                )
            )
            world.put(
                "events",
                event(
                    namespace: namespace,
                    kind: "Pod",
                    name: name,
                    uid: uid,
                    type: "Normal",
                    reason: "Pulled",
                    message: "Container image \"registry.example.com/\(deployment):1.4.2\" already present on machine",
                    component: "kubelet",
                    count: 8,
                    index: world.resourceVersion
                )
            )
        } else {
            world.logs[key] =
                (0..<30).map { "2026-12-07T09:\(String(format: "%02d", $0)):00Z GET /healthz 200 (\(deployment))" }
                .joined(separator: "\n") + "\n"
        }
    }

    static func event(
        namespace: String,
        kind: String,
        name: String,
        uid: String,
        type: String,
        reason: String,
        message: String,
        component: String,
        count: Int,
        index: Int
    ) -> JSONValue {
        let minute = String(format: "%02d", index % 60)
        return [
            "apiVersion": "v1", "kind": "Event",
            "metadata": [
                "name": .string("\(name).\(index)"), "namespace": .string(namespace),
                "creationTimestamp": .string(created),
            ],
            "involvedObject": [
                "kind": .string(kind), "name": .string(name), "namespace": .string(namespace), "uid": .string(uid),
                "apiVersion": .string(kind == "Pod" ? "v1" : "apps/v1"),
            ],
            "type": .string(type), "reason": .string(reason), "message": .string(message), "count": .integer(count),
            "source": ["component": .string(component)],
            "firstTimestamp": .string(created), "lastTimestamp": .string("2026-12-07T09:\(minute):00Z"),
            "reportingComponent": .string(component),
        ]
    }
}
