import PackTesting
import Testing

/// The conformance suite (PackTesting's ``PackConformance``), run for every pack of the table. Filter one pack's
/// checks with `swift test --filter PackConformanceTests`, and read the pack id in each failing argument.
@Suite("Pack conformance", .serialized)
struct PackConformanceTests {
    /// Every pack of the table, loaded from its folder.
    static let packs: [PackUnderTest] = {
        let loaded = PackRegistry.generated.compactMap { entry in
            try? PackUnderTest(id: entry.packID, worker: entry.worker, emulator: entry.emulator)
        }
        // A pack whose workflows use another pack's topics (requires_packs) runs them with that pack beside it.
        return loaded.map { $0.withCompanions(from: loaded) }
    }()

    @Test("every pack of the table loads, with its conformance declaration")
    func everyPackLoads() throws {
        for entry in PackRegistry.generated {
            _ = try PackUnderTest(id: entry.packID, worker: entry.worker, emulator: entry.emulator)
        }
        #expect(Set(Self.packs.map(\.id)) == Set(PackRegistry.generated.map(\.packID)))
    }

    @Test("the worker serves exactly the topics of pack.yaml, each with schemas and a sample input", arguments: packs)
    func topics(_ pack: PackUnderTest) async throws {
        record(try await PackConformance(pack).checkTopics(), pack)
    }

    @Test(
        "every action's input and output validate; a write's dry run sends nothing and plans the exact request",
        arguments: packs
    )
    func actions(_ pack: PackUnderTest) async throws {
        record(try await PackConformance(pack).checkActions(), pack)
    }

    @Test("every reference workflow runs, dry-runs, reruns and waits for its locks as declared", arguments: packs)
    func workflows(_ pack: PackUnderTest) async throws {
        record(try await PackConformance(pack).checkWorkflows(), pack)
    }

    @Test("every fault kind maps to its shared error code, for a read and a write", arguments: packs)
    func faults(_ pack: PackUnderTest) async throws {
        record(try await PackConformance(pack).checkFaults(), pack)
    }

    @Test("every exchange with the emulator matches the vendor's API description", arguments: packs)
    func contract(_ pack: PackUnderTest) async throws {
        record(try await PackConformance(pack).checkContract(), pack)
    }

    private func record(_ report: ConformanceReport, _ pack: PackUnderTest) {
        for problem in report.problems {
            Issue.record("\(pack.id) \(report.check): \(problem)")
        }
    }
}
