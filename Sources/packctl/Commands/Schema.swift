import ArgumentParser
import JSONSchema
import StructuredData

/// `packctl schema`: JSON Schema tools.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate JSON or YAML documents against a draft-07 JSON Schema.",
        subcommands: [Validate.self]
    )

    /// `packctl schema validate`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate instances against a schema.",
            discussion: """
                Exit codes: 0 every instance is valid; 1 an instance is invalid; 2 the schema or a file cannot be \
                used (unreadable, not JSON/YAML, not a valid schema, unresolvable $ref).
                """
        )

        @Option(name: .long, help: "The schema file (JSON or YAML).")
        var schema: String

        @Option(name: .long, help: "Another schema that $ref may name by its $id (repeatable).")
        var ref: [String] = []

        @Argument(help: "Instance files (JSON or YAML); - reads standard input.")
        var instances: [String]

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            var registry = SchemaRegistry()
            for file in ref {
                let document = try parse(file)
                let uri = document.value["$id"]?.stringValue ?? "file://" + file
                registry.add(document.value, uri: uri)
            }
            let schemaDocument = try parse(schema)
            let compiled: JSONSchema
            do {
                compiled = try JSONSchema(
                    schemaDocument.value,
                    baseURI: schemaDocument.value["$id"]?.stringValue ?? "file://" + schema,
                    registry: registry
                )
            } catch {
                printError("\(schema): \(error)")
                throw ExitStatus.invalidInput
            }
            var results: [JSONValue] = []
            var allValid = true
            for instance in instances {
                let document = try parse(instance)
                let errors = compiled.validate(document.value)
                allValid = allValid && errors.isEmpty
                switch format {
                case .text:
                    if errors.isEmpty {
                        print("\(instance): valid")
                    } else {
                        for error in errors {
                            let location = document.location(of: error.instancePath)
                            let path = error.instancePath.isEmpty ? "(root)" : error.instancePath
                            print("\(location): \(path): \(error.message) [schema \(error.schemaPath)]")
                        }
                    }
                case .json:
                    results.append(
                        .object([
                            "instance": .string(instance),
                            "valid": .bool(errors.isEmpty),
                            "errors": .array(
                                errors.map { error in
                                    let location = document.location(of: error.instancePath)
                                    return .object([
                                        "instance_path": .string(error.instancePath),
                                        "schema_path": .string(error.schemaPath),
                                        "keyword": .string(error.keyword),
                                        "message": .string(error.message),
                                        "line": .integer(location.line),
                                        "column": .integer(location.column),
                                    ])
                                }
                            ),
                        ])
                    )
                }
            }
            if format == .json { print(JSONEncoding.pretty(.object(["results": .array(results)]))) }
            if !allValid { throw ExitStatus.checkFailed }
        }

        private func parse(_ file: String) throws -> Document {
            let bytes = try readInputFile(file)
            do {
                return try Document.parse(bytes, file: file)
            } catch {
                printError("\(error)")
                throw ExitStatus.invalidInput
            }
        }
    }
}
