import Foundation
import HelloWorker
import PackHost
import StructuredData
import WorkerKit
import WorkflowEngine

/// A host on fresh stores in a temporary folder, with a manual clock.
struct HostFixture {
    let directory: URL
    let database: HostDatabase
    let runStore: SQLiteRunStore
    let clock: ManualClock
    let catalog: StaticCatalog
    let host: PackHost

    init(catalog: StaticCatalog, configuration: HostConfiguration = HostConfiguration(), directory: URL? = nil) throws {
        let directory =
            directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("host-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        database = try HostDatabase(path: directory.appendingPathComponent("host.sqlite").path)
        runStore = try SQLiteRunStore(path: directory.appendingPathComponent("runs.sqlite").path)
        clock = ManualClock()
        self.catalog = catalog
        host = PackHost(
            database: database,
            runStore: runStore,
            catalog: catalog,
            configuration: configuration,
            clock: clock
        )
    }

    /// Moves time by `seconds`, ticks, and (unless a test holds jobs on a worker) lets background work finish.
    func advance(seconds: Int64, settle: Bool = true) async throws {
        clock.advance(milliseconds: seconds * 1000)
        try await host.tick()
        if settle { await host.settle() }
    }

    /// The audit log's kinds, in order.
    func auditKinds() throws -> [String] {
        try AuditStore(database: database).records(tenant: nil, limit: 100_000).map(\.event.kind)
    }
}
