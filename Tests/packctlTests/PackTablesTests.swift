import Foundation
import Testing

/// The pack tables of the docs and the registry packctl is built with agree with each other and with `packs/`.
/// Regenerate the tables with `UPDATE_CLI_DOCS=1 swift test --filter PackTablesTests`.
@Suite struct PackTablesTests {
    static let startMarker = "<!-- built-in packs: generated from the registry (packctl dev --list-packs);"
    static let endMarker = "<!-- end built-in packs -->"
    static let documents = ["README.md", "docs/cli.md", "docs/architecture.md"]

    /// The registry as `packctl dev --list-packs` prints it.
    static func registryTable() async throws -> String {
        let result = try await PackctlRunner.run(["dev", "--list-packs"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The registry's rows: pack id → (worker, emulator).
    static func registryRows() async throws -> [String: (worker: Bool, emulator: Bool)] {
        var rows: [String: (worker: Bool, emulator: Bool)] = [:]
        for line in try await registryTable().split(separator: "\n").dropFirst(2) {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            rows[cells[0]] = (worker: cells[2] != "no", emulator: cells[3] == "yes")
        }
        return rows
    }

    @Test(arguments: documents)
    func theDocumentEmbedsTheRegistryTable(document: String) async throws {
        let path = PackctlRunner.repositoryRoot + "/" + document
        let current = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(current.range(of: Self.startMarker), "\(document) lacks the built-in packs marker")
        let startLine = try #require(current[start.upperBound...].range(of: "\n"))
        let end = try #require(current.range(of: Self.endMarker), "\(document) lacks \(Self.endMarker)")
        let expected =
            await String(current[..<startLine.upperBound]) + (try Self.registryTable()) + "\n"
            + String(current[end.lowerBound...])
        if ProcessInfo.processInfo.environment["UPDATE_CLI_DOCS"] == "1" {
            try expected.write(toFile: path, atomically: true, encoding: .utf8)
        }
        #expect(
            current == expected,
            "\(document) is out of date: run UPDATE_CLI_DOCS=1 swift test --filter PackTablesTests"
        )
    }

    @Test func theRegistryHasEveryPackFolderWithItsWorkerAndEmulator() async throws {
        let root = PackctlRunner.repositoryRoot + "/packs"
        let files = FileManager.default
        var folders: [String: (worker: Bool, emulator: Bool)] = [:]
        for id in try files.contentsOfDirectory(atPath: root).sorted() {
            let sources = (try? files.contentsOfDirectory(atPath: "\(root)/\(id)/Sources")) ?? []
            guard !sources.isEmpty else { continue }
            folders[id] = (
                worker: sources.contains { $0.hasSuffix("Worker") },
                emulator: sources.contains { $0.hasSuffix("Emulator") }
            )
        }
        let registry = try await Self.registryRows()
        #expect(
            Set(registry.keys) == Set(folders.keys),
            "every pack folder with sources needs its entry in Package.swift's pack table"
        )
        for (id, folder) in folders {
            #expect(registry[id]?.worker == folder.worker, "pack \(id): worker")
            #expect(registry[id]?.emulator == folder.emulator, "pack \(id): emulator")
        }
    }

    @Test func theEmulatorsTableListsExactlyTheRegisteredEmulators() async throws {
        let text = try String(contentsOfFile: PackctlRunner.repositoryRoot + "/docs/emulators.md", encoding: .utf8)
        let section = try #require(text.range(of: "\n## Emulators\n"), "docs/emulators.md lacks its Emulators section")
        let rows = text[section.upperBound...].split(separator: "\n").drop { !$0.hasPrefix("|") }.prefix {
            $0.hasPrefix("|")
        }
        let ids = rows.dropFirst(2).compactMap { $0.split(separator: "|").first?.trimmingCharacters(in: .whitespaces) }
        let registered = try await Self.registryRows().filter(\.value.emulator).keys
        #expect(Set(ids) == Set(registered), "docs/emulators.md's Emulators table must list every registered emulator")
    }
}
