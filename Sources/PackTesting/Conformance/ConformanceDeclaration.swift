public import Foundation
public import StructuredData

/// What the conformance suite needs from a pack and cannot infer: `packs/<id>/Tests/conformance.yaml`
/// (docs/authoring.md, "Testing a pack"). Every field is optional; a pack without the file runs the checks that
/// need nothing declared.
///
/// ```yaml
/// settings: {CORDUM_GITHUB_ALLOW_ACTIONS: "*"}      # extra worker settings, on top of the emulator's
/// actions:
///   job.github.issues.get:
///     input: {repo: acme/widgets, issue_number: 1}  # works against the emulator's demo data
///   job.github.pulls.merge:
///     input: {repo: acme/widgets, pull_number: 4, expected_head_sha: "${job.github.pulls.get:/result/head/sha}"}
///   job.hello.guestbook.sign:
///     input_schema: hello/SignInput                 # when neither a workflow step nor the name tells it
///     output_schema: hello/SignOutput
/// faults: {read: job.github.issues.get, write: job.github.issues.comment,
///          codes: {job.github.pulls.merge: {"409": github_head_changed}}}   # an action's own documented code
/// contract: {spec: contract/github-openapi.yaml, exceptions: contract/exceptions.yaml, base_path: /}
/// workflows:
///   github.pr.merge:
///     input: {repo: acme/widgets, pull_number: 4}   # else the first of the input schema's `examples`
///     status: succeeded                             # the run's final status (default succeeded)
///     approvals: 1                                  # how many approvals it asks (checked when given)
///     decisions: {merge: REQUIRE_APPROVAL}          # the policy decision of a step's job
/// ```
///
/// An input string `${TOPIC:POINTER}` is replaced by the value at the JSON pointer in the output of that
/// topic's declared action, run first (e.g. a commit SHA that the demo data computes).
public struct ConformanceDeclaration: Sendable {
    /// A sample action.
    public struct Action: Sendable {
        /// An input that works against the emulator's demo data.
        public var input: JSONValue?
        /// The input schema id, when not inferred.
        public var inputSchema: String?
        /// The output schema id, when not inferred.
        public var outputSchema: String?
    }

    /// A reference workflow's run.
    public struct Workflow: Sendable {
        /// The run input.
        public var input: JSONValue?
        /// The final status of the run.
        public var status: String
        /// How many approvals the run asks, when checked.
        public var approvals: Int?
        /// The decision of each named step's job.
        public var decisions: [String: String]
    }

    /// Extra worker settings.
    public var settings: [String: String] = [:]
    /// Sample actions by topic.
    public var actions: [String: Action] = [:]
    /// The read topic of the fault checks.
    public var faultRead: String?
    /// The write topic of the fault checks.
    public var faultWrite: String?
    /// Vendor-specific codes an action documents for a fault instead of the shared one, by topic and fault name
    /// (`409`, `429 with Retry-After`, …): `faults: {codes: {job.github.pulls.merge: {"409": github_head_changed}}}`.
    public var faultCodes: [String: [String: String]] = [:]
    /// Workflows by id.
    public var workflows: [String: Workflow] = [:]
    /// The vendor's API description every exchange of the suite is checked against (paths relative to `Tests/`).
    public var contract: Contract?

    /// The vendor API description of a pack (docs/contracts.md).
    public struct Contract: Sendable {
        /// The OpenAPI or Swagger file.
        public var spec: String
        /// The reviewed exceptions file, if any.
        public var exceptions: String?
        /// The base path requests are resolved below, when not the description's own.
        public var basePath: String?
    }

    /// Nothing declared.
    public init() {}

    /// Reads `file` (an empty declaration when it does not exist).
    /// - Throws: ``ConformanceDeclarationError`` naming the field and what is valid.
    public init(contentsOf file: URL) throws {
        guard FileManager.default.fileExists(atPath: file.path) else {
            self.init()
            return
        }
        let text = try String(contentsOf: file, encoding: .utf8)
        try self.init(yaml: text, file: file.lastPathComponent)
    }

    /// Reads a declaration from YAML text.
    /// - Throws: ``ConformanceDeclarationError`` naming the field and what is valid.
    public init(yaml text: String, file: String = "conformance.yaml") throws {
        let root = try YAMLLoader.load(text, file: file)
        guard let object = root.objectValue ?? (root.isNull ? [:] : nil) else {
            throw ConformanceDeclarationError(file: file, field: "(document)", message: "must be a mapping")
        }
        let known: Set<String> = ["settings", "actions", "faults", "workflows", "contract"]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConformanceDeclarationError(
                file: file,
                field: unknown,
                message: "is not a known field (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
        let reader = FieldReader(file: file)
        for (name, value) in try reader.mapping(object["settings"], "settings") {
            settings[name] = try reader.string(value, "settings.\(name)")
        }
        for (topic, value) in try reader.mapping(object["actions"], "actions") {
            let fields = try reader.fields(
                value,
                "actions.\(topic)",
                known: ["input", "input_schema", "output_schema"]
            )
            actions[topic] = Action(
                input: fields["input"],
                inputSchema: try fields["input_schema"].map { try reader.string($0, "actions.\(topic).input_schema") },
                outputSchema: try fields["output_schema"].map {
                    try reader.string($0, "actions.\(topic).output_schema")
                }
            )
        }
        if let faults = object["faults"] {
            let fields = try reader.fields(faults, "faults", known: ["read", "write", "codes"])
            faultRead = try fields["read"].map { try reader.string($0, "faults.read") }
            faultWrite = try fields["write"].map { try reader.string($0, "faults.write") }
            for (topic, codes) in try reader.mapping(fields["codes"], "faults.codes") {
                for (fault, code) in try reader.mapping(codes, "faults.codes.\(topic)") {
                    faultCodes[topic, default: [:]][fault] = try reader.string(code, "faults.codes.\(topic).\(fault)")
                }
            }
        }
        if let value = object["contract"] {
            let fields = try reader.fields(value, "contract", known: ["spec", "exceptions", "base_path"])
            guard let spec = fields["spec"] else {
                throw ConformanceDeclarationError(file: file, field: "contract.spec", message: "is required")
            }
            contract = Contract(
                spec: try reader.string(spec, "contract.spec"),
                exceptions: try fields["exceptions"].map { try reader.string($0, "contract.exceptions") },
                basePath: try fields["base_path"].map { try reader.string($0, "contract.base_path") }
            )
        }
        for (id, value) in try reader.mapping(object["workflows"], "workflows") {
            let field = "workflows.\(id)"
            let fields = try reader.fields(value, field, known: ["input", "status", "approvals", "decisions"])
            var decisions: [String: String] = [:]
            for (step, decision) in try reader.mapping(fields["decisions"], "\(field).decisions") {
                decisions[step] = try reader.string(decision, "\(field).decisions.\(step)")
            }
            var approvals: Int?
            if let count = fields["approvals"] {
                guard let number = count.intValue, number >= 0 else {
                    throw ConformanceDeclarationError(
                        file: file,
                        field: "\(field).approvals",
                        message: "must be a whole number >= 0"
                    )
                }
                approvals = number
            }
            workflows[id] = Workflow(
                input: fields["input"],
                status: try fields["status"].map { try reader.string($0, "\(field).status") } ?? "succeeded",
                approvals: approvals,
                decisions: decisions
            )
        }
    }
}

/// A field of `conformance.yaml` that is not what the suite expects.
public struct ConformanceDeclarationError: Error, CustomStringConvertible {
    /// The file.
    public let file: String
    /// The field, dotted.
    public let field: String
    /// What is wrong and what would be valid.
    public let message: String

    public var description: String { "\(file): \(field) \(message)" }
}

private struct FieldReader {
    let file: String

    func mapping(_ value: JSONValue?, _ field: String) throws -> [(String, JSONValue)] {
        guard let value, !value.isNull else { return [] }
        guard let object = value.objectValue else {
            throw ConformanceDeclarationError(file: file, field: field, message: "must be a mapping")
        }
        return object.sorted { $0.key < $1.key }
    }

    func fields(_ value: JSONValue, _ field: String, known: Set<String>) throws -> [String: JSONValue] {
        guard let object = value.objectValue ?? (value.isNull ? [:] : nil) else {
            throw ConformanceDeclarationError(file: file, field: field, message: "must be a mapping")
        }
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConformanceDeclarationError(
                file: file,
                field: "\(field).\(unknown)",
                message: "is not a known field (known: \(known.sorted().joined(separator: ", ")))"
            )
        }
        return object
    }

    func string(_ value: JSONValue, _ field: String) throws -> String {
        if let text = value.stringValue { return text }
        if case .integer(let number) = value { return String(number) }
        if case .bool(let flag) = value { return String(flag) }
        throw ConformanceDeclarationError(file: file, field: field, message: "must be a string")
    }
}
