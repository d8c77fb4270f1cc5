public import JSONSchema
import StructuredData

/// A pack's own input schemas (`packs/<id>/pack/schemas/*Input.json`), compiled once, by name. Workers get the
/// texts from the `PackSchemasPlugin` build plugin, which embeds them in the worker library, so the worker
/// validates exactly what the pack declares without reading files at run time.
public struct ActionSchemas: Sendable {
    private let compiled: [String: Result<JSONSchema, WorkerError>]

    /// Compiles schema texts.
    /// - Parameter texts: JSON texts by schema name (the file name without `.json`: `IssuesGetInput`).
    public init(texts: [String: String]) {
        var compiled: [String: Result<JSONSchema, WorkerError>] = [:]
        for (name, text) in texts {
            do {
                let document = try JSONParser.parse(Array(text.utf8), file: "\(name).json").value
                compiled[name] = .success(try JSONSchema(document))
            } catch {
                compiled[name] = .failure(
                    WorkerError(
                        code: .handlerFailed,
                        message: "The input schema \(name).json does not compile: \(error)."
                    )
                )
            }
        }
        self.compiled = compiled
    }

    /// The schema names, sorted.
    public var names: [String] { compiled.keys.sorted() }

    /// The compiled schema called `name`.
    /// - Throws: `handler_failed` when the pack has no such schema, or it does not compile.
    public func schema(named name: String) throws(WorkerError) -> JSONSchema {
        guard let result = compiled[name] else {
            throw WorkerError(
                code: .handlerFailed,
                message:
                    "The worker has no input schema \(name).json; the pack's schemas are \(names.joined(separator: ", "))."
            )
        }
        return try result.get()
    }

    /// The input schema name of an action, as packs name their files: each part of the name capitalized, joined,
    /// and `Input` appended (`issues.comments.list` → `IssuesCommentsListInput`, `pods_list` → `PodsListInput`).
    public static func inputSchemaName(for action: String) -> String {
        action.split(whereSeparator: { ".-_".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined() + "Input"
    }
}
