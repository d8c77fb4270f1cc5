import Foundation
import PackFormat
import StructuredData
import TarArchive

/// A pack written to a temporary folder, for loader tests.
struct Fixture {
    let root: String

    /// The smallest valid pack, as files.
    static let minimal: [String: String] = [
        "pack.yaml": """
        apiVersion: cordum.io/v1alpha1
        kind: Pack
        metadata:
          id: demo
          version: "0.1.0"
        compatibility:
          protocolVersion: 1
          minCoreVersion: "0.1.0"
        topics:
          - name: job.demo.read
            capability: demo.read
            riskTags: [read]
        resources:
          schemas:
            - id: demo/Input
              path: schemas/Input.json
          workflows:
            - id: demo.run
              path: workflows/run.yaml
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
        tests:
          policySimulations:
            - name: allow_read
              request: {topic: job.demo.read, riskTags: [read]}
              expectDecision: ALLOW
        """,
        "schemas/Input.json": #"{"type": "object"}"#,
        "workflows/run.yaml": """
        id: ignored
        version: "0.1.0"
        steps:
          read:
            type: worker
            topic: job.demo.read
        """,
        "overlays/pools.yaml": "topics:\n  job.demo.read: demo\npools:\n  demo:\n    requires: []\n",
        "overlays/timeouts.yaml": "topics:\n  job.demo.read:\n    timeout_seconds: 30\n",
        "overlays/policy.yaml":
            "rules:\n  - id: demo-read\n    match: {topics: [job.demo.read]}\n    decision: allow\n",
    ]

    /// Writes files into a new temporary folder, optionally below `subfolder`.
    init(_ files: [String: String], subfolder: String? = nil) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("packformat-\(UUID().uuidString)").path
        let base = subfolder.map { root + "/" + $0 } ?? root
        for (path, text) in files {
            let url = URL(fileURLWithPath: base + "/" + path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(),
                withIntermediateDirectories: true
            )
            try Data(text.utf8).write(to: url)
        }
    }

    /// The minimal pack with some files replaced (nil removes a file).
    static func minimal(changing changes: [String: String?]) -> [String: String] {
        var files = minimal
        for (path, text) in changes { files[path] = text }
        return files
    }

    /// A bundle of the given files, optionally under one top-level folder.
    static func bundle(_ files: [String: String], top: String? = nil) -> [UInt8] {
        let entries = files.keys.sorted().map { path in
            TarEntry(
                name: (top.map { $0 + "/" } ?? "") + path,
                kind: .file,
                mode: 0o644,
                linkName: "",
                contents: Array(files[path]!.utf8)
            )
        }
        return Gzip.compress(TarWriter.write(entries))
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

/// The codes of a load failure, or [] when it loaded.
func loadCodes(_ body: () throws -> Pack) -> [PackFormatError.Code] {
    do {
        _ = try body()
        return []
    } catch let error as PackLoadError {
        return error.errors.map(\.code)
    } catch {
        return [PackFormatError.Code(rawValue: "unexpected: \(error)")]
    }
}
