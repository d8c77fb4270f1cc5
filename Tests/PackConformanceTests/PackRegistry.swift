import EmulatorKit
import WorkerKit

/// Every pack of the table in Package.swift with a worker or an emulator: ``generated`` is written at build time
/// by PackRegistryPlugin from this target's dependencies, which Package.swift adds for every pack, so a new pack
/// gets the conformance suite with no line of its own.
enum PackRegistry {
    /// One pack.
    struct Entry: Sendable {
        /// The pack id.
        let packID: String
        /// The pack's folder, relative to the repository root (`packs/<id>`).
        let folder: String
        /// Its worker, when it has one.
        let worker: WorkerRegistration?
        /// Its emulator, when it has one.
        let emulator: EmulatorRegistration?
    }
}
