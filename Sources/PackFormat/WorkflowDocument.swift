public import StructuredData

/// A workflow file as Cordum's installer reads it: the raw document plus the fields the pack tools check.
///
/// The engine has its own full model; this one is what installing, linting and testing a pack need.
public struct WorkflowDocument: Sendable, Hashable {
    /// One step of the `steps` map.
    public struct Step: Sendable, Hashable {
        /// The map key (it overrides any `id` field, as in Cordum).
        public var id: String
        /// `type` (`worker`, `approval`, `condition`, ...); Cordum treats an empty type as `worker`.
        public var type: String
        /// `topic`, for job steps.
        public var topic: String?
        /// `depends_on`.
        public var dependsOn: [String]
        /// `meta`, as written.
        public var meta: [String: JSONValue]
        /// `input_schema_id`.
        public var inputSchemaID: String?
        /// `output_schema_id`.
        public var outputSchemaID: String?
    }

    /// The id (the manifest's id overrides the file's, as in Cordum).
    public var id: String
    /// `name`.
    public var name: String?
    /// `version` (must be a string).
    public var version: String?
    /// `timeout_sec`.
    public var timeoutSeconds: Int?
    /// The steps, ordered by id.
    public var steps: [Step]
    /// The whole file, with `id` replaced by the manifest id.
    public var raw: JSONValue

    /// The step types Cordum knows.
    public static let stepTypes: Set<String> = [
        "llm", "worker", "http", "container", "script", "approval", "input", "condition", "switch", "parallel",
        "loop", "delay", "notify", "transform", "storage", "subworkflow",
    ]

    /// Step types this host adds to Cordum's (`artifact`: store a rendered report in the artifact store).
    public static let hostStepTypes: Set<String> = ["artifact"]

    /// Reads a workflow document, reporting the JSON type errors Cordum's gateway would hit when decoding it.
    /// - Parameters:
    ///   - document: the parsed workflow file.
    ///   - id: the id from the manifest.
    /// - Returns: the workflow and the problems found.
    public static func read(_ document: Document, id: String) -> (WorkflowDocument, [PackFormatError]) {
        var reader = DocumentReader(document)
        guard var object = document.value.objectValue else {
            reader.errors.append(
                PackFormatError(
                    code: .wrongType,
                    location: document.location(of: ""),
                    message: "workflow file must be an object",
                    hint: "found \(document.value.typeName)"
                )
            )
            return (WorkflowDocument(id: id, steps: [], raw: document.value), reader.errors)
        }
        object["id"] = .string(id)
        if let version = object["version"], version.stringValue == nil, !version.isNull {
            reader.typeError("/version", expected: "a quoted string", found: version)
        }
        var steps: [Step] = []
        if let stepsValue = object["steps"], !stepsValue.isNull {
            if let map = stepsValue.objectValue {
                for stepID in map.keys.sorted() {
                    let base = JSONPointer.appending("/steps", stepID)
                    guard reader.expectObject(base) else { continue }
                    let metaPointer = base + "/meta"
                    let meta = reader.expectObject(metaPointer) ? (reader.value(metaPointer)?.objectValue ?? [:]) : [:]
                    steps.append(
                        Step(
                            id: stepID,
                            type: reader.string(base + "/type") ?? "",
                            topic: reader.string(base + "/topic"),
                            dependsOn: reader.strings(base + "/depends_on"),
                            meta: meta,
                            inputSchemaID: reader.string(base + "/input_schema_id"),
                            outputSchemaID: reader.string(base + "/output_schema_id")
                        )
                    )
                }
            } else {
                reader.typeError("/steps", expected: "a mapping of step id to step", found: stepsValue)
            }
        }
        let workflow = WorkflowDocument(
            id: id,
            name: object["name"]?.stringValue,
            version: object["version"]?.stringValue,
            timeoutSeconds: reader.integer("/timeout_sec"),
            steps: steps,
            raw: .object(object)
        )
        return (workflow, reader.errors)
    }

    /// Whether `stepID` depends, directly or through other steps, on an `approval` step.
    public func isGatedByApproval(_ stepID: String) -> Bool {
        let byID = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var seen: Set<String> = []
        var pending = byID[stepID]?.dependsOn ?? []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let step = byID[next] else { continue }
            if step.type == "approval" { return true }
            pending.append(contentsOf: step.dependsOn)
        }
        return false
    }
}
