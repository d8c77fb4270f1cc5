public import StructuredData

extension PackManifest {
    /// Decodes a manifest from its parsed document.
    ///
    /// Type mismatches are errors (as in Cordum's installer); the returned manifest is still filled with
    /// what could be read, so later checks can report more problems in one pass.
    /// - Parameter document: the parsed `pack.yaml`.
    /// - Returns: the manifest and the type errors found.
    public static func decode(_ document: Document) -> (PackManifest, [PackFormatError]) {
        var reader = DocumentReader(document)
        if case .object = document.value {
        } else {
            reader.typeError("", expected: "a mapping at the top of pack.yaml", found: document.value)
        }
        _ = reader.expectObject("/metadata")
        _ = reader.expectObject("/compatibility")
        _ = reader.expectObject("/resources")
        _ = reader.expectObject("/overlays")
        _ = reader.expectObject("/tests")

        var authors: [String] = []
        if let list = reader.value("/metadata/authors")?.arrayValue {
            for (index, author) in list.enumerated() {
                if author.objectValue != nil {
                    if let name = reader.string("/metadata/authors/\(index)/name") { authors.append(name) }
                } else if let name = reader.string("/metadata/authors/\(index)") {
                    authors.append(name)
                }
            }
        } else if let author = reader.string("/metadata/author") {
            authors = [author]
        }
        let metadata = PackMetadata(
            id: (reader.string("/metadata/id") ?? "").trimmingSpaces,
            version: (reader.string("/metadata/version") ?? "").trimmingSpaces,
            title: reader.string("/metadata/title"),
            description: reader.string("/metadata/description"),
            image: reader.string("/metadata/image"),
            license: reader.string("/metadata/license"),
            homepage: reader.string("/metadata/homepage"),
            source: reader.string("/metadata/sourceRepo") ?? reader.string("/metadata/source"),
            authors: authors
        )
        let compatibility = PackCompatibility(
            protocolVersion: reader.integer("/compatibility/protocolVersion") ?? 0,
            minCoreVersion: reader.string("/compatibility/minCoreVersion"),
            maxCoreVersion: reader.string("/compatibility/maxCoreVersion")
        )
        var topics: [PackTopic] = []
        for index in 0..<reader.count("/topics") {
            let base = "/topics/\(index)"
            _ = reader.expectObject(base)
            topics.append(
                PackTopic(
                    name: reader.string(base + "/name") ?? "",
                    requires: reader.strings(base + "/requires"),
                    riskTags: reader.strings(base + "/riskTags"),
                    capability: reader.string(base + "/capability")
                )
            )
        }
        func references(_ pointer: String) -> [ResourceReference] {
            (0..<reader.count(pointer)).map { index in
                let base = "\(pointer)/\(index)"
                _ = reader.expectObject(base)
                return ResourceReference(
                    id: reader.string(base + "/id") ?? "",
                    path: reader.string(base + "/path") ?? ""
                )
            }
        }
        let resources = PackResources(
            schemas: references("/resources/schemas"),
            workflows: references("/resources/workflows")
        )
        var configOverlays: [ConfigOverlay] = []
        for index in 0..<reader.count("/overlays/config") {
            let base = "/overlays/config/\(index)"
            _ = reader.expectObject(base)
            var scope = reader.string(base + "/scope") ?? ""
            if scope.trimmingSpaces.isEmpty { scope = "system" }
            var scopeID = reader.string(base + "/scope_id") ?? ""
            if scopeID.trimmingSpaces.isEmpty, scope == "system" { scopeID = "default" }
            configOverlays.append(
                ConfigOverlay(
                    name: reader.string(base + "/name") ?? "",
                    scope: scope,
                    scopeID: scopeID,
                    key: reader.string(base + "/key") ?? "",
                    strategy: reader.string(base + "/strategy") ?? "",
                    format: reader.string(base + "/format") ?? "",
                    path: reader.string(base + "/path") ?? ""
                )
            )
        }
        var policyOverlays: [PolicyOverlay] = []
        for index in 0..<reader.count("/overlays/policy") {
            let base = "/overlays/policy/\(index)"
            _ = reader.expectObject(base)
            policyOverlays.append(
                PolicyOverlay(
                    name: reader.string(base + "/name") ?? "",
                    strategy: reader.string(base + "/strategy") ?? "",
                    path: reader.string(base + "/path") ?? ""
                )
            )
        }
        var simulations: [PolicySimulation] = []
        for index in 0..<reader.count("/tests/policySimulations") {
            let base = "/tests/policySimulations/\(index)"
            _ = reader.expectObject(base)
            _ = reader.expectObject(base + "/request")
            let request = SimulationRequest(
                tenantID: reader.string(base + "/request/tenantId") ?? "",
                topic: reader.string(base + "/request/topic") ?? "",
                capability: reader.string(base + "/request/capability") ?? "",
                riskTags: reader.strings(base + "/request/riskTags"),
                requires: reader.strings(base + "/request/requires"),
                packID: reader.string(base + "/request/packId") ?? "",
                actorID: reader.string(base + "/request/actorId") ?? "",
                actorType: reader.string(base + "/request/actorType") ?? "",
                labels: reader.stringMap(base + "/request/labels")
            )
            simulations.append(
                PolicySimulation(
                    name: reader.string(base + "/name") ?? "",
                    request: request,
                    expectDecision: reader.string(base + "/expectDecision") ?? ""
                )
            )
        }
        let manifest = PackManifest(
            apiVersion: reader.string("/apiVersion"),
            kind: reader.string("/kind"),
            metadata: metadata,
            compatibility: compatibility,
            topics: topics,
            resources: resources,
            overlays: PackOverlays(config: configOverlays, policy: policyOverlays),
            policySimulations: simulations,
            requiresPacks: reader.strings("/requires_packs")
        )
        return (manifest, reader.errors)
    }
}

extension String {
    /// The string without leading and trailing Unicode whitespace (Go's `strings.TrimSpace`).
    package var trimmingSpaces: String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
