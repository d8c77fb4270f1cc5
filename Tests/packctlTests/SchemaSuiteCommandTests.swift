import Foundation
import StructuredData
import Testing

/// The JSON-Schema-Test-Suite's remote-reference cases through `packctl schema validate`: every group whose
/// schema refers to `http://localhost:1234/` runs with `--ref http://localhost:1234/=remotes/`, no server.
/// Serialized, and each run off the cooperative pool: five drafts of some thirty runs each would otherwise hold the
/// pool's threads for most of a minute.
@Suite(.serialized) struct SchemaSuiteCommandTests {
    static let suite = URL(fileURLWithPath: PackctlRunner.repositoryRoot)
        .deletingLastPathComponent().appendingPathComponent("shared/json-schema-test-suite").path

    static let drafts: [(folder: String, draft: String)] = [
        ("draft4", "draft-04"), ("draft6", "draft-06"), ("draft7", "draft-07"), ("draft2019-09", "2019-09"),
        ("draft2020-12", "2020-12"),
    ]

    @Test(arguments: drafts.map(\.folder))
    func remoteReferenceCasesPassThroughTheCLI(_ folder: String) async throws {
        let directory = Self.suite + "/tests/" + folder
        let names = try #require(
            try? FileManager.default.contentsOfDirectory(atPath: directory),
            "JSON-Schema-Test-Suite not found at \(Self.suite)"
        )
        let draft = Self.drafts.first { $0.folder == folder }!.draft
        var passed = 0
        var total = 0
        for name in names.sorted() where name.hasSuffix(".json") {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)))
            for group in try JSONParser.parse(bytes, file: name).value.arrayValue ?? [] {
                let schema = group["schema"] ?? true
                guard JSONEncoding.compact(schema).contains("localhost:1234") else { continue }
                let tests = group["tests"]?.arrayValue ?? []
                let results = try await Self.run(schema, tests.map { $0["data"] ?? .null }, draft: draft)
                for (offset, test) in tests.enumerated() {
                    total += 1
                    let expected = test["valid"]?.boolValue ?? false
                    let label =
                        "\(name) › \(group["description"]?.stringValue ?? "?") › "
                        + (test["description"]?.stringValue ?? "?")
                    switch results {
                    case .failure(let message):
                        Issue.record("\(label): \(message)")
                    case .success(let valid):
                        if valid[offset] == expected {
                            passed += 1
                        } else {
                            Issue.record("\(label): expected \(expected ? "valid" : "invalid")")
                        }
                    }
                }
            }
        }
        print("packctl schema validate, \(folder) remote-reference cases: \(passed)/\(total) passed")
        #expect(total > 10)
    }

    enum Outcome {
        case success([Bool])
        case failure(String)
    }

    /// Runs one group: the schema and each instance in files, one `packctl` run, JSON output.
    static func run(_ schema: JSONValue, _ instances: [JSONValue], draft: String) async throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemaPath = folder.appendingPathComponent("schema.json").path
        try Data(JSONEncoding.compact(schema).utf8).write(to: URL(fileURLWithPath: schemaPath))
        var arguments = [
            "schema", "validate", "--schema", schemaPath, "--draft", draft, "--format", "json",
            "--ref", "http://localhost:1234/=" + suite + "/remotes/",
        ]
        for (offset, instance) in instances.enumerated() {
            let path = folder.appendingPathComponent("instance\(offset).json").path
            try Data(JSONEncoding.compact(instance).utf8).write(to: URL(fileURLWithPath: path))
            arguments.append(path)
        }
        let output = try await PackctlRunner.run(arguments)
        guard output.status == 0 || output.status == 1 else {
            return .failure("packctl exited \(output.status): \(output.stderr)")
        }
        let report = try JSONParser.parse(output.stdout)
        let valid = (report["results"]?.arrayValue ?? []).map { $0["valid"]?.boolValue ?? false }
        guard valid.count == instances.count else { return .failure("packctl reported \(valid.count) results") }
        return .success(valid)
    }
}
