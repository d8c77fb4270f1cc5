import PackFormat
import PackVerification
import StructuredData

/// A loaded pack with everything checked that can be checked without the store: schemas compile, fragments
/// parse, overlay patches are maps with lowercase keys and a valid scope.
struct PreparedPack: Sendable {
    struct Schema: Sendable {
        var id: String
        var document: JSONValue
        var digest: String
    }

    struct Workflow: Sendable {
        var id: String
        var document: JSONValue
        var digest: String
    }

    struct ConfigOverlay: Sendable {
        var name: String
        var scope: ConfigScope
        var scopeID: String
        var key: String
        var patch: JSONValue

        var document: String { "cfg:\(scope.rawValue):\(scopeID)" }
    }

    struct Fragment: Sendable {
        var id: String
        var name: String
        var content: String
        var sha256: String
    }

    var pack: Pack
    var schemas: [Schema] = []
    var workflows: [Workflow] = []
    var configOverlays: [ConfigOverlay] = []
    var fragments: [Fragment] = []
    var notes: [String] = []

    var id: String { pack.id }
    var version: String { pack.version }

    init(_ pack: Pack) throws(HostError) {
        self.pack = pack
        var problems: [String] = []
        for schema in pack.schemas {
            do {
                if let note = try HostSchemaRegistry.check(schema.document.value, id: schema.reference.id) {
                    notes.append(note)
                }
            } catch {
                problems.append(error.message)
            }
            schemas.append(
                Schema(
                    id: schema.reference.id,
                    document: schema.document.value,
                    digest: HostSchemaRegistry.digest(schema.document.value)
                )
            )
        }
        for workflow in pack.workflows {
            let id = workflow.reference.id
            let document = WorkflowRegistry.normalized(workflow.document.value, id: id)
            workflows.append(Workflow(id: id, document: document, digest: WorkflowRegistry.digest(document, id: id)))
        }
        for overlay in pack.configOverlays {
            let key = overlay.overlay.key.lowercased()
            do {
                let scope = try ConfigScope(parsing: overlay.overlay.scope.isEmpty ? "system" : overlay.overlay.scope)
                let scopeID = try ConfigStore.address(scope, overlay.overlay.scopeID)
                let patch = overlay.patch.value
                if scope == .system, scopeID == ConfigStore.defaultID {
                    try ConfigKeyCasing.check(
                        [key: patch],
                        document: "overlay \(overlay.overlay.name) (\(overlay.overlay.path))"
                    )
                }
                configOverlays.append(
                    ConfigOverlay(name: overlay.overlay.name, scope: scope, scopeID: scopeID, key: key, patch: patch)
                )
            } catch {
                problems.append("config overlay \"\(overlay.overlay.name)\": \(error.message)")
            }
        }
        for fragment in pack.policyFragments {
            do {
                let document = try PolicyBundles.validate(fragment.content, key: fragment.key)
                for violation in document.map({ FragmentScope.violations(of: $0, packID: pack.id) }) ?? [] {
                    problems.append("policy fragment \(fragment.key): " + violation.message(packID: pack.id))
                }
            } catch {
                problems.append(error.message)
            }
            fragments.append(
                Fragment(
                    id: fragment.key,
                    name: fragment.overlay.name,
                    content: String(decoding: fragment.content, as: UTF8.self),
                    sha256: Hashing.sha256Hex(fragment.content)
                )
            )
        }
        var seen: Set<String> = []
        for fragment in fragments where !seen.insert(fragment.id).inserted {
            problems.append("two policy overlays share the fragment id \(fragment.id); give each a unique name")
        }
        guard problems.isEmpty else {
            throw HostError(.invalidArgument, "pack \(pack.id) \(pack.version): " + problems.joined(separator: "; "))
        }
    }

    /// The registry record this pack gets.
    func record(status: InstalledPack.Status, time: String, principal: String, inactive: Bool) -> InstalledPack {
        let manifest = pack.manifest
        return InstalledPack(
            id: id,
            version: version,
            status: status,
            installedAt: time,
            installedBy: principal,
            title: manifest.metadata.title ?? "",
            description: manifest.metadata.description ?? "",
            protocolVersion: manifest.compatibility.protocolVersion,
            minCoreVersion: manifest.compatibility.minCoreVersion ?? "",
            maxCoreVersion: manifest.compatibility.maxCoreVersion ?? "",
            topics: manifest.topics.map {
                InstalledPack.Topic(
                    name: $0.name,
                    requires: $0.requires,
                    riskTags: $0.riskTags,
                    capability: $0.capability ?? ""
                )
            },
            schemas: Dictionary(schemas.map { ($0.id, $0.digest) }, uniquingKeysWith: { _, last in last }),
            workflows: Dictionary(workflows.map { ($0.id, $0.digest) }, uniquingKeysWith: { _, last in last }),
            configOverlays: appliedOverlays(inactive: inactive).map {
                InstalledPack.ConfigOverlayRecord(
                    name: $0.name,
                    scope: $0.scope.rawValue,
                    scopeID: $0.scopeID,
                    key: $0.key,
                    patch: $0.patch
                )
            },
            policyOverlays: fragments.map {
                InstalledPack.PolicyOverlayRecord(name: $0.name.isEmpty ? "default" : $0.name, fragmentID: $0.id)
            },
            simulations: manifest.policySimulations,
            requiresPacks: manifest.requiresPacks
        )
    }

    /// The config overlays applied: all of them, except `pools` when installing inactive.
    func appliedOverlays(inactive: Bool) -> [ConfigOverlay] {
        configOverlays.filter { !(inactive && $0.key == "pools") }
    }
}
