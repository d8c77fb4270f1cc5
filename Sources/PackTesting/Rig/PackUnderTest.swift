public import EmulatorKit
public import Foundation
public import PackFormat
public import WorkerKit

/// A pack as the rig and the conformance suite see it: its folder (`packs/<id>`), its loaded bundle assets, its
/// worker and emulator registrations (the same ones `packctl dev` uses) and its `Tests/conformance.yaml`.
public struct PackUnderTest: Sendable, CustomStringConvertible {
    /// The pack id.
    public let id: String
    /// The pack's folder, `packs/<id>`.
    public let folder: URL
    /// How to make its worker from settings, when it has one.
    public let worker: WorkerRegistration?
    /// How to start its emulator, when it has one.
    public let emulator: EmulatorRegistration?
    /// `pack/`: pack.yaml, schemas, workflows, overlays, loaded.
    public let pack: Pack
    /// What the pack declares for the conformance suite.
    public let declaration: ConformanceDeclaration
    /// The packs this one's workflows use (`requires_packs`), as the rig installs and runs them beside it: their
    /// bundle assets, workers and emulators. ``withCompanions(from:)`` fills it from the other packs of a table.
    public var companions: [PackUnderTest] = []

    public var description: String { id }

    /// The bundle assets' folder, `packs/<id>/pack`.
    public var packPath: String { folder.appendingPathComponent("pack").path }

    /// Loads a pack.
    /// - Parameters:
    ///   - folder: `packs/<id>`.
    ///   - worker: its worker registration (`<Name>Worker.registration`).
    ///   - emulator: its emulator registration (`<Name>Emulator.registration`).
    /// - Throws: the pack's load errors, or a ``ConformanceDeclarationError``.
    public init(folder: URL, worker: WorkerRegistration?, emulator: EmulatorRegistration?) throws {
        self.folder = folder
        self.worker = worker
        self.emulator = emulator
        pack = try PackLoader.load(folder.appendingPathComponent("pack").path)
        id = pack.id
        declaration = try ConformanceDeclaration(
            contentsOf: folder.appendingPathComponent("Tests").appendingPathComponent("conformance.yaml")
        )
    }

    /// Loads `packs/<id>` of the repository that holds `file` (a test's `#filePath`).
    /// - Throws: when no enclosing folder has `packs/<id>/pack`, or the pack does not load.
    public init(
        id: String,
        worker: WorkerRegistration?,
        emulator: EmulatorRegistration?,
        from file: String = #filePath
    ) throws {
        try self.init(folder: try Self.packFolder(id, from: file), worker: worker, emulator: emulator)
    }

    /// `packs/<id>` of the repository that holds `file`, found by walking up from it.
    public static func packFolder(_ id: String, from file: String = #filePath) throws -> URL {
        var directory = URL(fileURLWithPath: file).resolvingSymlinksInPath().deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("packs").appendingPathComponent(id)
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("pack").path) {
                return candidate
            }
            directory.deleteLastPathComponent()
        }
        throw ConformanceDeclarationError(
            file: file,
            field: "packs/\(id)",
            message: "was not found in any folder above this file"
        )
    }

    /// This pack with the packs its `requires_packs` names taken from `packs` as its ``companions`` (those not in
    /// `packs` are left out; the rig then runs the workflows that use them without their workers).
    public func withCompanions(from packs: [PackUnderTest]) -> PackUnderTest {
        var pack = self
        pack.companions = self.pack.manifest.requiresPacks.compactMap { id in
            packs.first { $0.id == id && $0.id != self.id }
        }
        return pack
    }

    /// The pack's topics, in `pack.yaml` order.
    public var topics: [PackTopic] { pack.manifest.topics }

    /// Whether a topic writes (its risk tags name `write`).
    public func isWrite(_ topic: String) -> Bool {
        topics.first { $0.name == topic }?.riskTags.contains("write") ?? false
    }
}
