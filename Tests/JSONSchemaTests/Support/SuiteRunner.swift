import Foundation
import JSONSchema
import StructuredData

/// Runs one file of the JSON-Schema-Test-Suite and reports each case.
enum SuiteRunner {
    struct Outcome {
        var file: String
        var group: String
        var test: String
        var passed: Bool
        var detail: String

        var label: String { "\(file) › \(group) › \(test)" }
    }

    /// Runs every case of `file` (relative to `tests/draft7`).
    /// - Parameter loader: used for remote references; nil makes them errors.
    static func run(_ file: String, loader: (any SchemaLoader)?) throws -> [Outcome] {
        guard let root = TestSuiteLocation.root else { throw SuiteError(message: TestSuiteLocation.missingMessage) }
        let url = root.appendingPathComponent("tests/draft7").appendingPathComponent(file)
        let bytes = try [UInt8](Data(contentsOf: url))
        let document = try JSONParser.parse(bytes, file: file).value
        guard case .array(let groups) = document else { throw SuiteError(message: "\(file) is not an array") }
        var outcomes: [Outcome] = []
        for group in groups {
            let groupName = group["description"]?.stringValue ?? "?"
            let tests = group["tests"]?.arrayValue ?? []
            let compiled: Result<JSONSchema, SchemaError>
            do {
                compiled = .success(try JSONSchema(group["schema"] ?? .bool(true), loader: loader))
            } catch {
                compiled = .failure(error)
            }
            for test in tests {
                let testName = test["description"]?.stringValue ?? "?"
                let data = test["data"] ?? .null
                let expected = test["valid"]?.boolValue ?? false
                var outcome = Outcome(file: file, group: groupName, test: testName, passed: false, detail: "")
                switch compiled {
                case .failure(let error):
                    outcome.detail = "schema did not compile: \(error)"
                case .success(let schema):
                    let isValid = schema.isValid(data)
                    let errors = schema.validate(data)
                    if isValid != errors.isEmpty {
                        outcome.detail = "isValid says \(isValid) but validate returned \(errors.count) errors"
                    } else if isValid != expected {
                        outcome.detail =
                            "expected \(expected ? "valid" : "invalid"), got "
                            + (isValid ? "valid" : "invalid: \(errors.map(\.description).joined(separator: "; "))")
                    } else {
                        outcome.passed = true
                    }
                }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// Whether `file` refers to the suite's remote server, so the runner must serve `remotes/`.
    static func needsRemotes(_ file: String) -> Bool {
        guard let root = TestSuiteLocation.root,
            let text = try? String(
                contentsOf: root.appendingPathComponent("tests/draft7").appendingPathComponent(file),
                encoding: .utf8
            )
        else { return false }
        return text.contains("localhost:1234")
    }

    /// Runs `file`, serving the remotes when it needs them.
    static func runServingRemotes(_ file: String) throws -> [Outcome] {
        guard needsRemotes(file) else { return try run(file, loader: nil) }
        return try RemoteServer.withServer { loader in try run(file, loader: loader) }
    }
}

struct SuiteError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
