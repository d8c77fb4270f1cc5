import EmulatorKit
import WorkerKit

/// The packs built into packctl: for each pack of the table in Package.swift, its folder and, where it has them, its
/// worker and its emulator. ``generated`` is written at build time by PackRegistryPlugin from packctl's dependencies
/// on the pack libraries, so the registry cannot drift from the table (docs/authoring.md).
enum PackRegistry {
    /// One built-in pack.
    struct Entry: Sendable {
        /// The pack id.
        let packID: String
        /// The pack's folder, relative to the repository root (`packs/<id>`).
        let folder: String
        /// Its worker, when it has one.
        let worker: WorkerRegistration?
        /// Its emulator, when it has one.
        let emulator: EmulatorRegistration?

        /// The bundle assets (`pack.yaml` and the rest) inside the folder.
        var packPath: String { folder + "/pack" }
    }

    /// Every built-in pack, by id.
    static var all: [Entry] { generated }

    /// The entry of a pack id, if it is built in.
    static func entry(_ packID: String) -> Entry? {
        all.first { $0.packID == packID }
    }

    /// The table `packctl dev --list-packs` prints and the docs embed (Markdown).
    static var markdownTable: String {
        var lines = [
            "| pack | folder | built-in worker | emulator in `packctl dev` |",
            "| --- | --- | --- | --- |",
        ]
        for entry in all {
            let worker =
                entry.worker.map { $0.needsSettings ? "yes (needs `CORDUM_\(settingsName(entry.packID))_*`)" : "yes" }
                ?? "no"
            lines.append(
                "| \(entry.packID) | `\(entry.folder)` | \(worker) | \(entry.emulator == nil ? "no" : "yes") |"
            )
        }
        return lines.joined(separator: "\n")
    }

    private static func settingsName(_ packID: String) -> String {
        String(WorkerConfiguration.variablePrefix(packID: packID).dropFirst("CORDUM_".count).dropLast())
    }
}
