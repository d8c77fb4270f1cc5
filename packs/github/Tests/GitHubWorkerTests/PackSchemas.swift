import Foundation
import JSONSchema
import StructuredData
import Testing

/// The pack's draft-07 schemas (`packs/github/pack/schemas`), so tests prove the worker accepts what the pack
/// declares and answers what it promises.
enum PackSchemas {
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("../../pack/schemas").standardized

    /// `issues.comments.list` → `IssuesCommentsList`.
    static func baseName(_ action: String) -> String {
        action.split(separator: ".").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    static func schema(_ action: String, _ kind: String) throws -> JSONSchema {
        let url = directory.appendingPathComponent("\(baseName(action))\(kind).json")
        let text = try String(contentsOf: url, encoding: .utf8)
        return try JSONSchema(try JSONParser.parse(text, file: url.lastPathComponent))
    }

    /// Records an issue for every violation of the action's input or output schema.
    static func check(_ action: String, input: JSONValue, output: JSONValue?) {
        do {
            let inputErrors = try schema(action, "Input").validate(input)
            #expect(inputErrors.isEmpty, "input of \(action) violates its schema: \(inputErrors)")
            if let output {
                let outputErrors = try schema(action, "Output").validate(output)
                #expect(outputErrors.isEmpty, "output of \(action) violates its schema: \(outputErrors)")
            }
        } catch {
            Issue.record("cannot load the schemas of \(action): \(error)")
        }
    }
}
