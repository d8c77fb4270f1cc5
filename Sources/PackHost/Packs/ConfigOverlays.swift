import GRDB
import StructuredData
import WorkflowEngine

/// Applies and removes config overlays, one document write per config document touched.
enum ConfigOverlays {
    /// Removes `old` overlays (newest first) and then applies `new` ones (in order), per document; a document whose
    /// data ends up unchanged is not written. Removing deletes what the patch set and every object that it leaves
    /// empty; a top-level key left empty is deleted too.
    static func replace(
        removing old: [InstalledPack.ConfigOverlayRecord],
        applying new: [PreparedPack.ConfigOverlay],
        at time: Timestamp,
        principal: String,
        in db: Database
    ) throws {
        struct Address: Hashable {
            var scope: ConfigScope
            var id: String
        }
        var addresses: [Address] = []
        var removals: [Address: [InstalledPack.ConfigOverlayRecord]] = [:]
        for overlay in old {
            let scope = try ConfigScope(parsing: overlay.scope.isEmpty ? "system" : overlay.scope)
            let address = Address(scope: scope, id: try ConfigStore.address(scope, overlay.scopeID))
            if removals[address] == nil, !addresses.contains(address) { addresses.append(address) }
            removals[address, default: []].append(overlay)
        }
        var additions: [Address: [PreparedPack.ConfigOverlay]] = [:]
        for overlay in new {
            let address = Address(scope: overlay.scope, id: overlay.scopeID)
            if !addresses.contains(address) { addresses.append(address) }
            additions[address, default: []].append(overlay)
        }
        for address in addresses {
            try ConfigStore.update(address.scope, address.id, at: time, principal: principal, in: db) { data in
                for overlay in (removals[address] ?? []).reversed() {
                    let key = overlay.key.lowercased()
                    if let remaining = JSONMergePatch.remove(overlay.patch, from: data[key]),
                        remaining != .object([:])
                    {
                        data[key] = remaining
                    } else {
                        data.removeValue(forKey: key)
                    }
                }
                for overlay in additions[address] ?? [] {
                    data[overlay.key] = JSONMergePatch.apply(overlay.patch, to: data[overlay.key])
                }
                if address.scope == .system, address.id == ConfigStore.defaultID {
                    try ConfigKeyCasing.check(data, document: "cfg:system:default")
                }
            }
        }
    }
}
