import PackAssets
import PackFormat
import StructuredData

/// Rules on the topics table and the files generated from it: the table is valid, and every generated file is
/// what `packctl generate` writes from it today.
enum GeneratedAssetRules {
    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let pack = context.pack
        let reader = pack.reader
        let generator = AssetGenerator(
            files: pack.files,
            read: { reader.read($0) },
            display: { reader.displayPath($0) }
        )
        guard generator.hasTable else { return }
        let fix = "run: packctl generate \(generateTarget(pack.location))"
        do {
            for file in try generator.staleFiles() {
                collector.report(
                    .assetsStale,
                    pack: context.id,
                    at: SourceLocation(file: reader.displayPath(file.path), line: file.line),
                    "\(file.path) is stale: \(file.difference)",
                    hint: "it is generated from \(TopicsTable.fileName); \(fix)"
                )
            }
        } catch {
            collector.report(
                .assetsTable,
                pack: context.id,
                at: error.location,
                error.message,
                hint: error.hint ?? "see docs/authoring.md, the topics table"
            )
        }
    }

    /// The pack folder to name in the fix: `packs/x` for `packs/x/pack`.
    static func generateTarget(_ location: String) -> String {
        location.hasSuffix("/pack") ? String(location.dropLast(5)) : location
    }
}
