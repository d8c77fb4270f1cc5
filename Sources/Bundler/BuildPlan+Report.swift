public import StructuredData

extension BuildPlan {
    /// What blocks the build, grouped by pack: `pack <id> <version>  <location>: blocked` then one problem per
    /// line, and a last line saying nothing was written.
    /// - Parameter color: whether to use ANSI colours (on a terminal).
    public func blockedText(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        func append(_ error: BundlerError) {
            lines.append("  \(error.location.isEmpty ? "" : error.location + ": ")\(error.code): \(error.message)")
            if let hint = error.hint { lines.append("      hint: \(hint)") }
        }
        var blockedPacks = 0
        for pack in packs {
            let own = blockers.filter { $0.packID == pack.id }
            if !own.isEmpty { blockedPacks += 1 }
            lines.append(
                "pack \(pack.id) \(pack.version)  \(pack.location): "
                    + (own.isEmpty ? paint("ok", "32") : paint("blocked", "31"))
            )
            own.forEach(append)
        }
        let loose = blockers.filter { error in error.packID.map { id in !packs.contains { $0.id == id } } ?? true }
        if !loose.isEmpty {
            lines.append("catalog:")
            loose.forEach(append)
        }
        lines.append("")
        lines.append(
            paint("build blocked", "31") + ": \(blockers.count) problem\(blockers.count == 1 ? "" : "s") in "
                + "\(blockedPacks) of \(packs.count) pack\(packs.count == 1 ? "" : "s"); nothing was written"
        )
        return lines.joined(separator: "\n")
    }

    /// The closing line of a build: how many bundles, where, and what the catalog lists.
    public var summaryLine: String {
        let count = items.count
        let entries = catalog.packs.count
        return "built \(count) pack\(count == 1 ? "" : "s") into \(configuration.outputDirectory): "
            + "\(configuration.catalogPath) lists \(entries) entr\(entries == 1 ? "y" : "ies") "
            + "(\(kept.count) kept from the previous catalog), updated_at \(catalog.updatedAt)"
    }

    /// The plan as JSON (`packctl build --format json`): `{passed, written, blocked[], bundles[], kept[], catalog,
    /// notes[]}`; `bundles` are in memory only unless `written`.
    public var json: JSONValue {
        .object([
            "passed": .bool(!isBlocked),
            "blocked": .array(blockers.map(\.json)),
            "written": .bool(!isBlocked),
            "bundles": .array(
                items.map { item in
                    .object([
                        "id": .string(item.entry.id),
                        "version": .string(item.entry.version),
                        "source": .string(item.location),
                        "path": .string(item.path),
                        "url": .string(item.entry.url),
                        "sha256": .string(item.bundle.sha256),
                        "size": .integer(item.bundle.size),
                        "files": .integer(item.bundle.entries.count),
                    ])
                }
            ),
            "kept": .array(kept.map { .object(["id": .string($0.id), "version": .string($0.version)]) }),
            "catalog": .object([
                "path": .string(configuration.catalogPath),
                "entries": .integer(catalog.packs.count),
                "updated_at": .string(catalog.updatedAt),
                "base_url": .string(configuration.baseURL.text),
            ]),
            "notes": .array(notes.map(JSONValue.string)),
        ])
    }
}
