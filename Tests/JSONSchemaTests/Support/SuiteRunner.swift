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

    /// How a suite schema is compiled; the CLI tests substitute their own.
    typealias Compile = (_ schema: JSONValue, _ draft: SuiteDraft) throws -> JSONSchema

    /// Runs every case of `file` (relative to the draft's folder).
    /// - Parameters:
    ///   - loader: used for remote references; nil makes them errors.
    ///   - assertFormats: passed to the compiler (the optional format tests assert formats in every draft).
    static func run(
        _ file: String,
        draft: SuiteDraft,
        loader: (any SchemaLoader)?,
        assertFormats: Bool? = nil
    ) throws -> [Outcome] {
        try run(file, draft: draft) { schema, draft in
            try JSONSchema(schema, loader: loader, defaultDraft: draft.draft, assertFormats: assertFormats)
        }
    }

    /// Runs every case of `file`, compiling each group's schema with `compile`.
    static func run(_ file: String, draft: SuiteDraft, compile: Compile) throws -> [Outcome] {
        var outcomes: [Outcome] = []
        for group in try groups(file, draft: draft) {
            let groupName = group["description"]?.stringValue ?? "?"
            let tests = group["tests"]?.arrayValue ?? []
            let compiled: Result<JSONSchema, any Error>
            do {
                compiled = .success(try compile(group["schema"] ?? .bool(true), draft))
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

    /// The groups of `file`: `{description, schema, tests}`.
    static func groups(_ file: String, draft: SuiteDraft) throws -> [JSONValue] {
        guard let root = TestSuiteLocation.root else { throw SuiteError(message: TestSuiteLocation.missingMessage) }
        let url = root.appendingPathComponent("tests/\(draft.folder)").appendingPathComponent(file)
        let bytes = try [UInt8](Data(contentsOf: url))
        let document = try JSONParser.parse(bytes, file: file).value
        guard case .array(let groups) = document else { throw SuiteError(message: "\(file) is not an array") }
        return groups
    }

    /// Whether `file` refers to the suite's remote server, so the runner must serve `remotes/`.
    static func needsRemotes(_ file: String, draft: SuiteDraft) -> Bool {
        guard let root = TestSuiteLocation.root,
            let text = try? String(
                contentsOf: root.appendingPathComponent("tests/\(draft.folder)").appendingPathComponent(file),
                encoding: .utf8
            )
        else { return false }
        return text.contains("localhost:1234")
    }

    /// Runs `file`, serving the remotes when it needs them.
    static func runServingRemotes(_ file: String, draft: SuiteDraft, assertFormats: Bool? = nil) throws -> [Outcome] {
        guard needsRemotes(file, draft: draft) else {
            return try run(file, draft: draft, loader: nil, assertFormats: assertFormats)
        }
        return try RemoteServer.withServer { loader in
            try run(file, draft: draft, loader: loader, assertFormats: assertFormats)
        }
    }
}

struct SuiteError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
