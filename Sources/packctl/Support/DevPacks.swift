import EmulatorKit
import Foundation
import PackFormat
import PackHost

/// `packctl dev`'s packs: the chosen packs of ``PackRegistry``, their emulators started on loopback with their demo
/// data, their workers pointed at them with the settings each emulator publishes, and every pack whose emulator runs
/// installed from its folder, so its workflows run end to end with no network.
struct DevPacks: Sendable {
    /// A started emulator and its pack.
    struct Started: Sendable {
        let entry: PackRegistry.Entry
        let emulator: RunningEmulator
    }

    /// The chosen packs.
    let entries: [PackRegistry.Entry]
    /// The emulators started.
    let started: [Started]

    /// Starts the emulators of `entries` (none with `emulators: false`); on a failure, stops those already
    /// started and rethrows.
    /// - Parameter ports: an emulator's port by pack id (0, a free one, when absent).
    static func start(
        _ entries: [PackRegistry.Entry],
        emulators: Bool,
        ports: [String: Int]
    ) async throws -> DevPacks {
        var started: [Started] = []
        guard emulators else { return DevPacks(entries: entries, started: []) }
        for entry in entries {
            guard let registration = entry.emulator else { continue }
            do {
                let emulator = try await registration.start(port: ports[entry.packID] ?? 0)
                started.append(Started(entry: entry, emulator: emulator))
            } catch {
                for running in started { await running.emulator.stop() }
                throw DevPackError(packID: entry.packID, underlying: error)
            }
        }
        return DevPacks(entries: entries, started: started)
    }

    /// The process environment with every started emulator's settings over it.
    func settings(environment: [String: String]) -> [String: String] {
        var settings = environment
        for running in started { settings.merge(running.emulator.workerSettings) { _, emulator in emulator } }
        return settings
    }

    /// The built-in worker factories of the chosen packs that the settings configure.
    func factories(environment: [String: String]) -> BuiltInWorkers.Factories {
        BuiltInWorkers.factories(
            settings: settings(environment: environment),
            packIDs: Set(entries.map(\.packID)),
            warn: true
        )
    }

    /// Installs (or upgrades to) each pack whose emulator runs, from its folder, unless that exact version is
    /// installed, and reloads governance. A missing folder is reported and skipped: `packctl install` can add
    /// the pack later.
    func install(into services: HostServices) async throws(HostError) {
        for running in Self.installOrder(started) {
            let path = running.entry.packPath
            let id = running.entry.packID
            let line = "\(id): emulator on \(running.emulator.baseURL) (\(running.emulator.demo))"
            guard FileManager.default.fileExists(atPath: path) else {
                printFlushed(line)
                printError("warning: no \(id) pack at \(path); install it with packctl install --host URL PACK")
                continue
            }
            let result = try services.installer.install(
                path: path,
                options: InstallOptions(upgrade: true, principal: "packctl-dev")
            )
            if result.applied { try await services.configurationChanged() }
            printFlushed(line + "; pack \(id) " + (result.applied ? "installed" : "already installed"))
        }
    }

    /// The packs whose `requires_packs` names (read from `packs/<id>/pack`; none when it does not load).
    static func requiredPacks(_ entry: PackRegistry.Entry) -> [String] {
        (try? PackLoader.load(entry.packPath))?.manifest.requiresPacks ?? []
    }

    /// `started` with every pack after the packs it requires (the installer refuses a pack whose required packs
    /// are not installed); otherwise in the given order.
    static func installOrder(_ started: [Started]) -> [Started] {
        var placed: [Started] = []
        var pending = started
        while !pending.isEmpty {
            let ids = Set(pending.map(\.entry.packID))
            let next =
                pending.firstIndex { running in requiredPacks(running.entry).allSatisfy { !ids.contains($0) } } ?? 0
            placed.append(pending.remove(at: next))
        }
        return placed
    }

    /// The built-in packs `entries` require (`requires_packs`), transitively, added after them.
    static func withRequiredPacks(_ entries: [PackRegistry.Entry]) -> [PackRegistry.Entry] {
        var chosen = entries
        var index = 0
        while index < chosen.count {
            for id in requiredPacks(chosen[index]) where !chosen.contains(where: { $0.packID == id }) {
                if let entry = PackRegistry.entry(id) { chosen.append(entry) }
            }
            index += 1
        }
        return chosen
    }

    /// Stops every emulator.
    func stop() async {
        for running in started { await running.emulator.stop() }
    }
}

/// An emulator of `packctl dev` that did not start.
struct DevPackError: Error, CustomStringConvertible {
    let packID: String
    let underlying: any Error

    var description: String { "the \(packID) emulator does not start: \(underlying)" }
}
