import Foundation
import GRDB
import StructuredData
import WorkflowEngine

@testable import PackHost

/// Helpers the config, registry and install tests share: a fresh host store, synthetic packs written to temporary
/// folders, and a dump of every table to prove a failed change left no trace.
enum InstallFixture {
    /// The migrations these tests need.
    static let migrations = [
        AuditLog.migration, ConfigStore.migration, HostSchemaRegistry.migration, WorkflowRegistry.migration,
    ]

    /// The repository root (test files may be reached through symlinks).
    static var repository: String {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `packs/hello/pack`.
    static var helloPack: String { repository + "/packs/hello/pack" }

    /// A new temporary folder.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "packhost-b-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A new store in a temporary folder.
    static func database() throws -> HostDatabase {
        try HostDatabase(path: temporaryFolder() + "/host.sqlite", migrations: migrations)
    }

    /// An installer over a new store with a manual clock.
    static func installer() throws -> PackInstaller {
        PackInstaller(database: try database(), clock: ManualClock())
    }

    /// Writes files (path → text) under a new temporary folder and returns it.
    static func write(_ files: [String: String]) -> String {
        let root = temporaryFolder()
        for (path, text) in files {
            let full = root + "/" + path
            try? FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            _ = FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        }
        return root
    }

    /// Every row of every table (migrations bookkeeping excluded), as text, in a stable order.
    static func dump(_ database: HostDatabase) throws -> [String] {
        try database.read { db in
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            var lines: [String] = []
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \(table)") {
                    lines.append(table + ": " + row.description)
                }
            }
            return lines.sorted()
        }
    }
}

/// A synthetic pack: one read topic per name in `topics`, routed to pool `<id>`, with a timeout, a schema, a
/// workflow per topic, and a fragment allowing each topic.
struct SyntheticPack {
    var id: String
    var version = "0.1.0"
    var topics: [String] = ["read"]
    var requiresPacks: [String] = []
    var fragment: String?
    var simulations: String = ""
    var extraSchemaText = ""

    var files: [String: String] {
        var files: [String: String] = [:]
        let topicList = topics.map {
            "  - name: job.\(id).\($0)\n    capability: \(id).\($0)\n    riskTags: [read]\n    requires: []"
        }.joined(separator: "\n")
        let schemas = "    - id: \(id)/Input\n      path: schemas/Input.json"
        let workflows = topics.map { "    - id: \(id).\($0)\n      path: workflows/\($0).yaml" }.joined(separator: "\n")
        files["pack.yaml"] = """
            apiVersion: cordum.io/v1alpha1
            kind: Pack
            metadata:
              id: \(id)
              version: "\(version)"
              title: \(id)
            compatibility:
              protocolVersion: 1
            \(requiresPacks.isEmpty ? "" : "requires_packs: [\(requiresPacks.map { "\"\($0)\"" }.joined(separator: ", "))]")
            topics:
            \(topicList)
            resources:
              schemas:
            \(schemas)
              workflows:
            \(workflows)
            overlays:
              config:
                - name: pools
                  key: pools
                  path: overlays/pools.yaml
                - name: timeouts
                  key: timeouts
                  path: overlays/timeouts.yaml
              policy:
                - name: safety
                  path: overlays/policy.yaml
            \(simulations)
            """
        files["schemas/Input.json"] =
            #"{"$schema": "http://json-schema.org/draft-07/schema#", "type": "object"\#(extraSchemaText)}"#
        for topic in topics {
            files["workflows/\(topic).yaml"] = """
                id: \(id).\(topic)
                name: \(topic)
                version: "1"
                steps:
                  run:
                    type: worker
                    topic: job.\(id).\(topic)
                    input_schema_id: \(id)/Input
                    meta:
                      pack_id: \(id)
                      capability: \(id).\(topic)
                      risk_tags: [read]
                """
        }
        files["overlays/pools.yaml"] =
            "topics:\n" + topics.map { "  job.\(id).\($0): \(id)" }.joined(separator: "\n")
            + "\npools:\n  \(id):\n    requires: []\n"
        files["overlays/timeouts.yaml"] =
            "topics:\n" + topics.map { "  job.\(id).\($0):\n    timeout_seconds: 30" }.joined(separator: "\n") + "\n"
        files["overlays/policy.yaml"] =
            fragment ?? """
                version: "1"
                rules:
                \(topics.map { "  - id: \(id)-\($0)\n    match:\n      topics: [job.\(id).\($0)]\n    decision: allow" }.joined(separator: "\n"))
                """
        return files
    }

    /// Writes the pack to a new temporary folder.
    func write() -> String { InstallFixture.write(files) }
}
