public import GRDB
import StructuredData
import WorkflowEngine

/// The installed-pack registry: the records in `cfg:system:packs` `data.installed`, keyed by pack id.
public enum PackRegistry {
    /// Every record, sorted by pack id (uninstalled ones included, with status DISABLED).
    public static func list(in db: Database) throws -> [InstalledPack] {
        let installed = try ConfigStore.get(.system, ConfigStore.packsID, in: db)?.data["installed"]?.objectValue ?? [:]
        return try installed.keys.sorted().map { key throws(HostError) in try InstalledPack(json: installed[key]!) }
    }

    /// The record of `packID`, or nil.
    public static func record(_ packID: String, in db: Database) throws -> InstalledPack? {
        let installed = try ConfigStore.get(.system, ConfigStore.packsID, in: db)?.data["installed"]?.objectValue
        return try installed?[packID].map { value throws(HostError) in try InstalledPack(json: value) }
    }

    /// The record of `packID`.
    /// - Throws: `not_found` (`pack not installed`) when there is none.
    public static func show(_ packID: String, in db: Database) throws -> InstalledPack {
        guard let record = try record(packID, in: db) else {
            throw HostError(.notFound, "pack \(packID) not installed")
        }
        return record
    }

    /// Writes a record (the whole entry), recording `config.changed` for `cfg:system:packs`.
    static func write(_ record: InstalledPack, at time: Timestamp, principal: String, in db: Database) throws {
        try ConfigStore.update(.system, ConfigStore.packsID, at: time, principal: principal, in: db) { data in
            var installed = data["installed"]?.objectValue ?? [:]
            installed[record.id] = record.json
            data["installed"] = .object(installed)
        }
    }
}
