import PackFormat
import StructuredData

/// Rules on pack.yaml as a document: identity, versions, names, unknown fields.
enum ManifestRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let manifest = context.pack.manifest
        let document = context.pack.manifestDocument
        let id = context.id
        if manifest.apiVersion != PackManifest.apiVersion {
            collector.report(
                .apiVersion,
                pack: id,
                at: context.manifestLocation("/apiVersion"),
                "apiVersion is \(manifest.apiVersion.map { "\"\($0)\"" } ?? "missing")",
                hint: "set apiVersion: \(PackManifest.apiVersion)"
            )
        }
        if manifest.kind != PackManifest.kind {
            collector.report(
                .apiVersion,
                pack: id,
                at: context.manifestLocation("/kind"),
                "kind is \(manifest.kind.map { "\"\($0)\"" } ?? "missing")",
                hint: "set kind: Pack"
            )
        }
        for pointer in ["/metadata/version", "/compatibility/minCoreVersion", "/compatibility/maxCoreVersion"] {
            guard let literal = document.literals[pointer] else { continue }
            collector.report(
                .quotedVersion,
                pack: id,
                at: document.location(of: pointer),
                "\(JSONPointer.fieldPath(pointer)) is the unquoted number \(literal)",
                hint: "quote it: \"\(literal)\" (Cordum's catalog builder would read it as a number)"
            )
        }
        if !manifest.metadata.version.isEmpty, !isSemver(manifest.metadata.version) {
            collector.report(
                .semverVersion,
                pack: id,
                at: context.manifestLocation("/metadata/version"),
                "metadata.version \"\(manifest.metadata.version)\" is not semver",
                hint: "use MAJOR.MINOR.PATCH, such as \"0.1.0\""
            )
        }
        if id == "secops" {
            collector.report(
                .reservedID,
                pack: id,
                at: context.manifestLocation("/metadata/id"),
                "the pack id secops is reserved for Policy Studio bundles",
                hint: "choose another id"
            )
        }
        checkUnique(context, &collector)
        UnknownFields.check(document, pack: id, &collector)
    }

    static func isSemver(_ text: String) -> Bool {
        let core = text.split(separator: "+", maxSplits: 1).first.map(String.init) ?? text
        let parts = core.split(separator: "-", maxSplits: 1)
        let numbers = parts.first?.split(separator: ".", omittingEmptySubsequences: false) ?? []
        return numbers.count == 3
            && numbers.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            && numbers.allSatisfy { $0 == "0" || !$0.hasPrefix("0") }
    }

    private static func checkUnique(_ context: LintContext, _ collector: inout FindingCollector) {
        let manifest = context.pack.manifest
        func duplicates(_ values: [String], pointer: (Int) -> String, what: String) {
            var seen: Set<String> = []
            for (index, value) in values.enumerated() where !value.isEmpty && !seen.insert(value).inserted {
                collector.report(
                    .uniqueNames,
                    pack: context.id,
                    at: context.manifestLocation(pointer(index)),
                    "\(what) \"\(value)\" is declared twice",
                    hint: "remove or rename the second one"
                )
            }
        }
        duplicates(manifest.topics.map(\.name), pointer: { "/topics/\($0)/name" }, what: "topic")
        duplicates(manifest.resources.schemas.map(\.id), pointer: { "/resources/schemas/\($0)/id" }, what: "schema")
        duplicates(
            manifest.resources.workflows.map(\.id),
            pointer: { "/resources/workflows/\($0)/id" },
            what: "workflow"
        )
        duplicates(
            manifest.overlays.config.map(\.name),
            pointer: { "/overlays/config/\($0)/name" },
            what: "config overlay"
        )
        duplicates(
            manifest.overlays.policy.map(\.name),
            pointer: { "/overlays/policy/\($0)/name" },
            what: "policy overlay"
        )
        for (index, overlay) in manifest.overlays.config.enumerated() where overlay.name.trimmingSpaces.isEmpty {
            collector.report(
                .uniqueNames,
                pack: context.id,
                at: context.manifestLocation("/overlays/config/\(index)"),
                "config overlay has no name, so Cordum applies it but never records it (uninstall leaves it behind)",
                hint: "name it after its key, e.g. name: \(overlay.key.isEmpty ? "pools" : overlay.key)"
            )
        }
        for (index, overlay) in manifest.overlays.policy.enumerated() where overlay.name.trimmingSpaces.isEmpty {
            collector.report(
                .uniqueNames,
                pack: context.id,
                at: context.manifestLocation("/overlays/policy/\(index)"),
                "policy overlay has no name, so Cordum installs it as \(context.id)/default but never records it",
                hint: "name it, e.g. name: safety"
            )
        }
    }
}

/// Fields of pack.yaml that Cordum's installer knows; anything else is dropped silently there.
enum UnknownFields {
    private static let known: [String: Set<String>] = [
        "": [
            "apiVersion", "kind", "metadata", "compatibility", "topics", "resources", "overlays", "tests",
            "requires_packs",
        ],
        "/metadata": [
            "id", "version", "title", "description", "image", "license", "homepage", "source", "sourceRepo", "authors",
            "author",
        ],
        "/compatibility": ["protocolVersion", "minCoreVersion", "maxCoreVersion"],
        "/topics/*": ["name", "requires", "riskTags", "capability"],
        "/resources": ["schemas", "workflows"],
        "/resources/schemas/*": ["id", "path"],
        "/resources/workflows/*": ["id", "path"],
        "/overlays": ["config", "policy"],
        "/overlays/config/*": ["name", "scope", "scope_id", "key", "strategy", "format", "path"],
        "/overlays/policy/*": ["name", "strategy", "path"],
        "/tests": ["policySimulations"],
        "/tests/policySimulations/*": ["name", "request", "expectDecision"],
        "/tests/policySimulations/*/request": [
            "tenantId", "topic", "capability", "riskTags", "requires", "packId", "actorId", "actorType",
            "labels",
        ],
    ]

    static func check(_ document: Document, pack: String, _ collector: inout FindingCollector) {
        walk(document.value, pointer: "", pattern: "", document: document, pack: pack, &collector)
    }

    private static func walk(
        _ value: JSONValue,
        pointer: String,
        pattern: String,
        document: Document,
        pack: String,
        _ collector: inout FindingCollector
    ) {
        switch value {
        case .object(let members):
            guard let allowed = known[pattern] else { return }
            for key in members.keys.sorted() {
                let child = JSONPointer.appending(pointer, key)
                if !allowed.contains(key) {
                    let suggestion = allowed.first {
                        $0.lowercased() == key.lowercased() || $0.hasPrefix(key) || key.hasPrefix($0)
                    }
                    collector.report(
                        .unknownField,
                        pack: pack,
                        at: document.location(of: child),
                        "unknown field \"\(key)\"\(pattern.isEmpty ? "" : " in \(JSONPointer.fieldPath(pointer))"); Cordum ignores it",
                        hint: suggestion.map { "did you mean \"\($0)\"?" }
                            ?? "known fields: \(allowed.sorted().joined(separator: ", "))"
                    )
                    continue
                }
                walk(
                    members[key]!,
                    pointer: child,
                    pattern: pattern + "/" + key,
                    document: document,
                    pack: pack,
                    &collector
                )
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                walk(
                    element,
                    pointer: JSONPointer.appending(pointer, index),
                    pattern: pattern + "/*",
                    document: document,
                    pack: pack,
                    &collector
                )
            }
        default:
            return
        }
    }
}
