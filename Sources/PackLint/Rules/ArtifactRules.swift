import PackFormat
import StructuredData

/// Rules on what a pack ships.
enum ArtifactRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let manifest = context.pack.manifest
        let id = context.id
        let keys = manifest.overlays.config.map(\.key)
        var missing: [String] = []
        if !keys.contains("pools") { missing.append("a pools overlay (overlays/pools.patch.yaml)") }
        if !keys.contains("timeouts") { missing.append("a timeouts overlay (overlays/timeouts.patch.yaml)") }
        if manifest.overlays.policy.isEmpty { missing.append("a policy fragment (overlays/policy.fragment.yaml)") }
        if !manifest.topics.isEmpty {
            if manifest.resources.schemas.isEmpty { missing.append("schemas (schemas/*.json)") }
            if manifest.resources.workflows.isEmpty { missing.append("workflows (workflows/*.yaml)") }
        }
        for item in missing {
            collector.report(
                .requiredArtifacts,
                pack: id,
                at: context.manifestLocation(""),
                "the pack ships no \(item)",
                hint: "packctl new shows the layout"
            )
        }
        let count = manifest.resources.workflows.count
        if !manifest.topics.isEmpty, count > 0, !(2...5).contains(count) {
            collector.report(
                .workflowCount,
                pack: id,
                at: context.manifestLocation("/resources/workflows"),
                "the pack ships \(count) reference workflow\(count == 1 ? "" : "s")",
                hint: "ship 2 to 5 workflows that solve real use cases end to end"
            )
        }
        for (index, overlay) in manifest.overlays.config.enumerated()
        where ["pools", "timeouts"].contains(overlay.key.lowercased()) && overlay.key != overlay.key.lowercased() {
            collector.report(
                .overlayKeyCase,
                pack: id,
                at: context.manifestLocation("/overlays/config/\(index)/key"),
                "config overlay key \"\(overlay.key)\" would be stored where the scheduler never reads it",
                hint: "write it in lowercase: \(overlay.key.lowercased())"
            )
        }
    }
}

/// Rules on the shape of config overlay patches (Cordum's pools and timeouts schemas).
enum OverlayShapeRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let id = context.id
        var routed: [String: [String]] = [:]
        var poolRequires: [String: [String]] = [:]
        var sawPools = false
        for patch in context.pack.configOverlays {
            let document = patch.patch
            func report(_ rule: LintRule, _ pointer: String, _ message: String, hint: String? = nil) {
                collector.report(rule, pack: id, at: document.location(of: pointer), message, hint: hint)
            }
            switch patch.overlay.key.lowercased() {
            case "pools":
                sawPools = true
                let topics = document.value["topics"]?.objectValue ?? [:]
                if document.value["topics"] == nil || topics.isEmpty {
                    report(.poolsShape, "", "the pools patch maps no topics", hint: "map every topic to a pool")
                }
                for topic in topics.keys.sorted() {
                    let pointer = JSONPointer.appending("/topics", topic)
                    if topic.contains(where: { "*?[".contains($0) }) {
                        report(
                            .poolsShape,
                            pointer,
                            "pools topic \"\(topic)\" is a pattern, but the scheduler routes by exact topic",
                            hint: "list each topic by name"
                        )
                    }
                    let target = topics[topic]!
                    if let pool = target.stringValue, !pool.isEmpty {
                        routed[topic] = [pool]
                    } else if let list = target.arrayValue, !list.isEmpty,
                        list.allSatisfy({ !($0.stringValue ?? "").isEmpty })
                    {
                        routed[topic] = list.compactMap(\.stringValue)
                    } else {
                        report(
                            .poolsShape,
                            pointer,
                            "pools topic \"\(topic)\" must name a pool or a non-empty list of pools"
                        )
                    }
                }
                for (pool, body) in (document.value["pools"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let pointer = JSONPointer.appending("/pools", pool)
                    guard let object = body.objectValue else {
                        report(.poolsShape, pointer, "pool \"\(pool)\" must be a mapping with requires")
                        continue
                    }
                    for key in object.keys.sorted() where key != "requires" {
                        report(
                            .poolsShape,
                            JSONPointer.appending(pointer, key),
                            "pool \"\(pool)\" has unknown key \"\(key)\"",
                            hint: "pools have only requires"
                        )
                    }
                    let requires = object["requires"]?.arrayValue ?? []
                    if object["requires"] != nil,
                        object["requires"]?.arrayValue == nil
                            || requires.contains(where: { ($0.stringValue ?? "").isEmpty })
                    {
                        report(
                            .poolsShape,
                            pointer + "/requires",
                            "pool \"\(pool)\" requires must be a list of non-empty strings"
                        )
                    }
                    poolRequires[pool] = requires.compactMap(\.stringValue)
                }
            case "timeouts":
                checkTimeouts(document, id: id, &collector)
            default:
                break
            }
        }
        guard sawPools else { return }
        for (index, topic) in context.pack.manifest.topics.enumerated() {
            guard let pools = routed[topic.name] else {
                collector.report(
                    .poolsShape,
                    pack: id,
                    at: context.manifestLocation("/topics/\(index)/name"),
                    "topic \"\(topic.name)\" is not routed to any pool, so its jobs go to the DLQ (no_pool_mapping)",
                    hint: "map it in the pools patch"
                )
                continue
            }
            for pool in pools {
                guard let offered = poolRequires[pool] else { continue }
                let lowered = Set(offered.map { $0.lowercased() })
                let unmet = topic.requires.filter { !lowered.contains($0.lowercased()) }
                if !unmet.isEmpty {
                    collector.report(
                        .poolsShape,
                        pack: id,
                        at: context.manifestLocation("/topics/\(index)/requires"),
                        "pool \"\(pool)\" does not offer \(unmet.joined(separator: ", ")), which topic \"\(topic.name)\" requires, so its jobs can never be scheduled",
                        hint: "add them to the pool's requires"
                    )
                }
            }
        }
    }

    private static func checkTimeouts(_ document: Document, id: String, _ collector: inout FindingCollector) {
        let sections: [(String, Set<String>)] = [
            ("topics", ["timeout_seconds", "max_retries"]),
            ("workflows", ["child_timeout_seconds", "total_timeout_seconds", "max_retries"]),
        ]
        for (section, allowed) in sections {
            for (name, body) in (document.value[section]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                let pointer = JSONPointer.appending("/" + section, name)
                guard let object = body.objectValue else {
                    collector.report(
                        .timeoutsShape,
                        pack: id,
                        at: document.location(of: pointer),
                        "timeouts \(section) entry \"\(name)\" is a \(body.typeName), but the scheduler needs a mapping; one bad entry makes it ignore every pack's timeouts",
                        hint: section == "topics"
                            ? "write {timeout_seconds: N, max_retries: N}" : "write {total_timeout_seconds: N}"
                    )
                    continue
                }
                for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                    let child = JSONPointer.appending(pointer, key)
                    if !allowed.contains(key) {
                        collector.report(
                            .timeoutsShape,
                            pack: id,
                            at: document.location(of: child),
                            "unknown timeouts key \"\(key)\"",
                            hint: "valid keys: \(allowed.sorted().joined(separator: ", "))"
                        )
                    } else if case .integer(let number) = value, number >= 0 {
                        continue
                    } else {
                        collector.report(
                            .timeoutsShape,
                            pack: id,
                            at: document.location(of: child),
                            "\(key) must be a non-negative integer",
                            hint: "found \(JSONEncoding.compact(value))"
                        )
                    }
                }
            }
        }
    }
}
