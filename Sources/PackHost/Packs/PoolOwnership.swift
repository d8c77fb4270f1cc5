import GRDB
import PackFormat
import StructuredData

/// Pools belong to one pack. The loader already keeps a pack's pools to its id (`<id>` or `<id>-<name>`); with
/// hyphenated ids that still leaves pack `git` the name `git-hub`, the pool of pack `git-hub`. The installer
/// therefore also refuses a pool that another installed pack's overlay defines, or that falls in the namespace of
/// an installed pack with a longer id.
enum PoolOwnership {
    /// The pool names a pools overlay patch defines (`pools.<name>`).
    static func pools(of patch: JSONValue) -> [String] {
        (patch["pools"]?.objectValue ?? [:]).keys.sorted()
    }

    /// Refuses the pack's pools that belong to another installed pack.
    /// - Throws: `conflict` naming the pool and the pack it belongs to.
    static func check(_ pack: PreparedPack, overlays: [PreparedPack.ConfigOverlay], in db: Database) throws {
        let wanted = overlays.filter { $0.key == "pools" }.flatMap { pools(of: $0.patch) }
        guard !wanted.isEmpty else { return }
        let others = try PackRegistry.list(in: db).filter { $0.isInstalled && $0.id != pack.id }
        for pool in wanted {
            if let owner = others.first(where: { record in
                record.configOverlays.contains { $0.key == "pools" && pools(of: $0.patch).contains(pool) }
            }) {
                throw HostError(
                    .conflict,
                    "pack \(pack.id) patches pool \"\(pool)\", which belongs to pack \(owner.id); "
                        + "name the pool \(pack.id) or \(pack.id)-<name>"
                )
            }
            if let owner = others.first(where: {
                $0.id.count > pack.id.count && OverlayRules.isPackPool(pool, packID: $0.id)
            }) {
                throw HostError(
                    .conflict,
                    "pack \(pack.id) patches pool \"\(pool)\", which is in the namespace of pack \(owner.id); "
                        + "name the pool \(pack.id) or \(pack.id)-<name> without another pack's id"
                )
            }
        }
    }
}
