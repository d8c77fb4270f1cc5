import StructuredData

/// What an `artifact` step asks the host to store: its rendered `input`, checked. The host keeps it in its
/// artifact store and answers the step's output (``StoredArtifact``).
///
/// The step's `input` is an object:
/// - `content` (required): a string is stored as its UTF-8 bytes; any other JSON value as indented JSON.
/// - `content_type`: the media type; `text/markdown; charset=utf-8` for a string, `application/json` otherwise.
/// - `name`: a file name for people (`slo-report.md`), kept as the artifact's `name` label.
/// - `retention`: `short`, `standard` (the default) or `audit`.
/// - `labels`: string labels added to the artifact's own (`run_id`, `workflow_id`, `step_id`, `tenant_id`).
public struct ArtifactRequest: Sendable, Hashable {
    /// The run.
    public var runID: String
    /// The workflow.
    public var workflowID: String
    /// The step.
    public var stepID: String
    /// The step's attempt (1, or more after a rerun of the step).
    public var attempt: Int
    /// The run's tenant.
    public var tenantID: String?
    /// The bytes to store.
    public var content: [UInt8]
    /// The media type.
    public var contentType: String
    /// `name`, if given.
    public var name: String?
    /// `short`, `standard` or `audit`.
    public var retention: String
    /// The step's labels, then the engine's (which win).
    public var labels: [String: String]

    /// Creates a request (the engine builds them from a step's input with the checks above).
    public init(
        runID: String,
        workflowID: String,
        stepID: String,
        attempt: Int,
        tenantID: String?,
        content: [UInt8],
        contentType: String,
        name: String?,
        retention: String,
        labels: [String: String]
    ) {
        self.runID = runID
        self.workflowID = workflowID
        self.stepID = stepID
        self.attempt = attempt
        self.tenantID = tenantID
        self.content = content
        self.contentType = contentType
        self.name = name
        self.retention = retention
        self.labels = labels
    }

    /// The retention classes an artifact step accepts.
    public static let retentions: Set<String> = ["short", "standard", "audit"]

    /// Builds the request from a step's rendered input.
    /// - Throws: a message naming the field and what is valid, when the input is not a valid artifact request.
    static func from(
        input: JSONValue,
        runID: String,
        workflowID: String,
        stepID: String,
        attempt: Int,
        tenantID: String?
    ) throws(ArtifactInputError) -> ArtifactRequest {
        guard let fields = input.objectValue else {
            throw ArtifactInputError("an artifact step's input must be an object with a content field")
        }
        let known: Set<String> = ["content", "content_type", "name", "retention", "labels"]
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw ArtifactInputError(
                "unknown field \"\(unknown)\" in an artifact step's input; valid: \(known.sorted().joined(separator: ", "))"
            )
        }
        let bytes: [UInt8]
        let defaultType: String
        switch fields["content"] {
        case nil, .null?:
            throw ArtifactInputError("an artifact step's input needs content (a string, or any JSON value)")
        case .string(let text)?:
            bytes = Array(text.utf8)
            defaultType = "text/markdown; charset=utf-8"
        case let value?:
            bytes = Array(JSONEncoding.pretty(value).utf8)
            defaultType = "application/json"
        }
        func string(_ key: String) throws(ArtifactInputError) -> String? {
            switch fields[key] {
            case nil, .null?: return nil
            case .string(let text)?:
                let trimmed = String(text.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
                guard !trimmed.isEmpty else { throw ArtifactInputError("\(key) must not be empty") }
                return trimmed
            default: throw ArtifactInputError("\(key) must be a string")
            }
        }
        let retention = try string("retention") ?? "standard"
        guard retentions.contains(retention) else {
            throw ArtifactInputError(
                "retention \"\(retention)\" is not valid; valid: \(retentions.sorted().joined(separator: ", "))"
            )
        }
        var labels: [String: String] = [:]
        switch fields["labels"] {
        case nil, .null?: break
        case .object(let members)?:
            for (key, value) in members {
                guard !key.isEmpty, let text = value.stringValue else {
                    throw ArtifactInputError("labels must map non-empty names to strings (label \"\(key)\")")
                }
                labels[key] = text
            }
        default: throw ArtifactInputError("labels must be an object of strings")
        }
        let name = try string("name")
        if let name { labels["name"] = name }
        labels["run_id"] = runID
        labels["workflow_id"] = workflowID
        labels["step_id"] = stepID
        return ArtifactRequest(
            runID: runID,
            workflowID: workflowID,
            stepID: stepID,
            attempt: attempt,
            tenantID: tenantID,
            content: bytes,
            contentType: try string("content_type") ?? defaultType,
            name: name,
            retention: retention,
            labels: labels
        )
    }
}

/// Why an artifact step's input is not a valid request.
struct ArtifactInputError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Where the host stored an artifact step's content: the step's output.
public struct StoredArtifact: Sendable, Hashable {
    /// `redis://art:<uuid>`, readable with `GET /api/v1/artifacts/{ptr}`.
    public var pointer: String
    /// The stored size.
    public var sizeBytes: Int
    /// The media type.
    public var contentType: String
    /// The SHA-256 of the content, lower-case hex.
    public var sha256: String

    /// Creates a receipt.
    public init(pointer: String, sizeBytes: Int, contentType: String, sha256: String) {
        self.pointer = pointer
        self.sizeBytes = sizeBytes
        self.contentType = contentType
        self.sha256 = sha256
    }
}

/// How storing an artifact step's content ended (the payload of ``EngineEvent/artifactStored(_:at:)``).
public struct ArtifactOutcome: Sendable, Hashable {
    /// The run.
    public var runID: String
    /// The step.
    public var stepID: String
    /// The attempt the request was made for; an outcome for an older attempt is ignored.
    public var attempt: Int
    /// The receipt, when it was stored.
    public var stored: StoredArtifact?
    /// Why it was not.
    public var errorMessage: String?

    /// Creates an outcome.
    public init(runID: String, stepID: String, attempt: Int, stored: StoredArtifact?, errorMessage: String? = nil) {
        self.runID = runID
        self.stepID = stepID
        self.attempt = attempt
        self.stored = stored
        self.errorMessage = errorMessage
    }
}
