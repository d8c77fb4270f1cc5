import Foundation
import PackFormat
public import StructuredData

extension InstalledPack {
    /// The record as Cordum's gateway writes it (camelCase manifest keys, snake_case record keys).
    public var json: JSONValue {
        func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
        var object: [String: JSONValue] = [
            "id": .string(id),
            "version": .string(version),
            "status": .string(status.rawValue),
            "manifest": [
                "metadata": [
                    "id": .string(id), "version": .string(version), "title": .string(title),
                    "description": .string(description),
                ],
                "compatibility": [
                    "protocolVersion": .integer(protocolVersion), "minCoreVersion": .string(minCoreVersion),
                    "maxCoreVersion": .string(maxCoreVersion),
                ],
                "topics": .array(
                    topics.map {
                        [
                            "name": .string($0.name), "requires": strings($0.requires),
                            "riskTags": strings($0.riskTags), "capability": .string($0.capability),
                        ]
                    }
                ),
            ],
            "overlays": [
                "config": .array(
                    configOverlays.map {
                        [
                            "name": .string($0.name), "scope": .string($0.scope), "scope_id": .string($0.scopeID),
                            "key": .string($0.key), "patch": $0.patch,
                        ]
                    }
                ),
                "policy": .array(
                    policyOverlays.map { ["name": .string($0.name), "fragment_id": .string($0.fragmentID)] }
                ),
            ],
            "tests": [
                "policySimulations": .array(
                    simulations.map { simulation in
                        let request = simulation.request
                        return [
                            "name": .string(simulation.name),
                            "request": [
                                "tenantId": .string(request.tenantID), "topic": .string(request.topic),
                                "capability": .string(request.capability), "riskTags": strings(request.riskTags),
                                "requires": strings(request.requires), "packId": .string(request.packID),
                                "actorId": .string(request.actorID), "actorType": .string(request.actorType),
                            ],
                            "expectDecision": .string(simulation.expectDecision),
                        ]
                    }
                )
            ],
        ]
        var resources: [String: JSONValue] = [:]
        if !schemas.isEmpty { resources["schemas"] = .object(schemas.mapValues(JSONValue.string)) }
        if !workflows.isEmpty { resources["workflows"] = .object(workflows.mapValues(JSONValue.string)) }
        object["resources"] = .object(resources)
        if !installedAt.isEmpty { object["installed_at"] = .string(installedAt) }
        if !installedBy.isEmpty { object["installed_by"] = .string(installedBy) }
        if !requiresPacks.isEmpty { object["requires_packs"] = strings(requiresPacks) }
        return .object(object)
    }

    /// Reads a record in either key casing (keys match case-insensitively, as in Go).
    /// - Throws: `storage_error` when it is not an object or has no id.
    public init(json: JSONValue) throws(HostError) {
        let root = Lookup(json)
        guard json.objectValue != nil, let id = root.string("id"), !id.isEmpty else {
            throw HostError(.storage, "a pack registry record is not an object with an id")
        }
        let manifest = root.object("manifest")
        let metadata = manifest.object("metadata")
        let compatibility = manifest.object("compatibility")
        let resources = root.object("resources")
        let overlays = root.object("overlays")
        self.init(
            id: id,
            version: root.string("version") ?? metadata.string("version") ?? "",
            status: Status(rawValue: (root.string("status") ?? "").uppercased()) ?? .inactive,
            installedAt: root.string("installed_at") ?? "",
            installedBy: root.string("installed_by") ?? "",
            title: metadata.string("title") ?? "",
            description: metadata.string("description") ?? "",
            protocolVersion: compatibility.value("protocolVersion")?.intValue ?? 0,
            minCoreVersion: compatibility.string("minCoreVersion") ?? "",
            maxCoreVersion: compatibility.string("maxCoreVersion") ?? "",
            topics: manifest.array("topics").map {
                Topic(
                    name: $0.string("name") ?? "",
                    requires: $0.strings("requires"),
                    riskTags: $0.strings("riskTags"),
                    capability: $0.string("capability") ?? ""
                )
            },
            schemas: resources.object("schemas").stringMap,
            workflows: resources.object("workflows").stringMap,
            configOverlays: overlays.array("config").map {
                ConfigOverlayRecord(
                    name: $0.string("name") ?? "",
                    scope: $0.string("scope") ?? "system",
                    scopeID: $0.string("scope_id") ?? "",
                    key: $0.string("key") ?? "",
                    patch: $0.value("patch") ?? [:]
                )
            },
            policyOverlays: overlays.array("policy").map {
                PolicyOverlayRecord(name: $0.string("name") ?? "", fragmentID: $0.string("fragment_id") ?? "")
            },
            simulations: root.object("tests").array("policySimulations").map { simulation in
                let request = simulation.object("request")
                return PolicySimulation(
                    name: simulation.string("name") ?? "",
                    request: SimulationRequest(
                        tenantID: request.string("tenantId") ?? "",
                        topic: request.string("topic") ?? "",
                        capability: request.string("capability") ?? "",
                        riskTags: request.strings("riskTags"),
                        requires: request.strings("requires"),
                        packID: request.string("packId") ?? "",
                        actorID: request.string("actorId") ?? "",
                        actorType: request.string("actorType") ?? ""
                    ),
                    expectDecision: simulation.string("expectDecision") ?? ""
                )
            },
            requiresPacks: root.strings("requires_packs")
        )
    }
}

/// Case-insensitive member access, as Go's `encoding/json` matches keys (an exact match wins).
private struct Lookup {
    let value: JSONValue?

    init(_ value: JSONValue?) { self.value = value }

    func value(_ key: String) -> JSONValue? {
        guard let members = value?.objectValue else { return nil }
        if let exact = members[key] { return exact }
        let folded = key.lowercased().replacingOccurrences(of: "_", with: "")
        return members.first { $0.key.lowercased().replacingOccurrences(of: "_", with: "") == folded }?.value
    }

    func string(_ key: String) -> String? { value(key)?.stringValue }
    func object(_ key: String) -> Lookup { Lookup(value(key)) }
    func array(_ key: String) -> [Lookup] { (value(key)?.arrayValue ?? []).map(Lookup.init) }
    func strings(_ key: String) -> [String] { (value(key)?.arrayValue ?? []).compactMap(\.stringValue) }
    var stringMap: [String: String] { (value?.objectValue ?? [:]).compactMapValues(\.stringValue) }
}
