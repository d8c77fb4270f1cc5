import Foundation
import StructuredData
import Testing
import WorkflowEngine

/// Reads the YAML fixtures next to the tests.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func load(_ name: String) -> JSONValue {
        let url = directory.appendingPathComponent(name)
        let data = try! Data(contentsOf: url)
        return try! YAMLLoader.load(Array(data), file: name).value
    }

    /// The `cases` list of a corpus file, each with its name.
    static func cases(_ name: String) -> [FixtureCase] {
        (load(name)["cases"]?.arrayValue ?? []).enumerated().map { index, value in
            FixtureCase(name: value["name"]?.stringValue ?? "\(name) #\(index)", value: value)
        }
    }

    /// Every scenario file.
    static func scenarios() -> [String] {
        let folder = directory.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }
}

/// One case of a corpus, named so Swift Testing reports it by name.
struct FixtureCase: Sendable, CustomTestStringConvertible {
    var name: String
    var value: JSONValue
    var testDescription: String { name }
    subscript(key: String) -> JSONValue? { value[key] }
}

extension Workflow {
    /// Loads a workflow written as YAML text in a test.
    static func yaml(_ text: String, schemas: [String: JSONValue] = [:]) throws -> Workflow {
        try Workflow.load(YAMLLoader.load(Array(text.utf8), file: "test.yaml"), schemas: schemas)
    }
}
