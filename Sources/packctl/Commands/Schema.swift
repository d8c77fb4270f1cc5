import ArgumentParser
import Foundation
import JSONSchema
import StructuredData

/// `packctl schema`: JSON Schema tools.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate JSON or YAML documents against a JSON Schema (draft-04 to 2020-12).",
        subcommands: [Validate.self]
    )

    /// `packctl schema validate`.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate instances against a schema.",
            discussion: """
                The schema's $schema chooses the draft (draft-04, draft-06, draft-07, 2019-09, 2020-12); --draft \
                sets it for schemas that declare none. Relative $refs are read from files beside the schema \
                (also when the schema has an $id). Any other URI must be mapped to a file with --ref URI=FILE: \
                the command never fetches from the network.

                Exit codes: 0 every instance is valid; 1 an instance is invalid; 2 the schema or a file cannot be \
                used (unreadable, not JSON/YAML, not a valid schema, unresolvable $ref).
                """
        )

        @Option(name: .long, help: "The schema file (JSON or YAML).")
        var schema: String

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Another schema $ref may name (repeatable): FILE, known by its $id (or its path); URI=FILE, the "
                    + "file that answers for URI; or URI/=FOLDER/, files under FOLDER answer for URIs under URI/.",
                valueName: "ref"
            )
        )
        var ref: [String] = []

        @Option(
            name: .long,
            help: "The draft of schemas without $schema: draft-04, draft-06, draft-07, 2019-09 or 2020-12."
        )
        var draft: String = JSONSchema.Draft.draft7.rawValue

        @Argument(help: "Instance files (JSON or YAML); - reads standard input.")
        var instances: [String]

        @Option(name: .long, help: "Output format: text or json.")
        var format: OutputFormat = .text

        func run() throws {
            guard let defaultDraft = JSONSchema.Draft.named(draft) else {
                let valid = JSONSchema.Draft.allCases.map(\.rawValue).joined(separator: ", ")
                printError("--draft \(draft) is not a draft this validator knows; use one of \(valid)")
                throw ExitStatus.invalidInput
            }
            var registry = SchemaRegistry()
            var loader = SchemaFileLoader()
            for option in ref where !loader.addMapping(option) {
                let document = try parse(option)
                let uri = document.value["$id"]?.stringValue ?? URIDecoding.fileURI(option)
                registry.add(document.value, uri: uri)
            }
            let schemaDocument = try parse(schema)
            let schemaURI = URIDecoding.fileURI(schema)
            if let id = (schemaDocument.value["$id"] ?? schemaDocument.value["id"])?.stringValue,
                let directory = URL(string: ".", relativeTo: URL(string: id, relativeTo: URL(string: schemaURI)))
            {
                let folder = URL(fileURLWithPath: schema).standardizedFileURL.deletingLastPathComponent().path
                loader.idDirectory = (directory.absoluteString, folder)
            }
            let compiled: JSONSchema
            do {
                compiled = try JSONSchema(
                    schemaDocument.value,
                    baseURI: schemaURI,
                    registry: registry,
                    loader: loader,
                    defaultDraft: defaultDraft
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

extension JSONSchema.Draft {
    /// The draft `name` stands for: `draft-04`, `draft4`, `4`, `2020-12`, `draft2020-12`, ...
    static func named(_ name: String) -> JSONSchema.Draft? {
        func key(_ text: String) -> String {
            var text = text.lowercased().replacing("draft", with: "").replacing("-", with: "")
            while text.hasPrefix("0") { text.removeFirst() }
            return text
        }
        return allCases.first { key($0.rawValue) == key(name) }
    }
}
