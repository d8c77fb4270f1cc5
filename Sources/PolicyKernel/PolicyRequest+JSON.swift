public import StructuredData

extension PolicyRequest {
    /// Reads the JSON body of Cordum's `POST /api/v1/policy/{evaluate,simulate,explain}` (snake_case, with a `meta`
    /// object) and the pack-simulation request form (`tenantId`, `riskTags`, `packId`, `actorId`, `actorType`,
    /// `capability`, `requires`), at the top level or under `meta`. As protojson does, every field is read under its
    /// proto name and its JSON name alike (`job_id` and `jobId`, `risk_tags` and `riskTags`, ...); Cordum's SDK
    /// sends `capability`, `risk_tags` and `context` at the top level (`context` is accepted and ignored).
    ///
    /// `tenantId` fills both `tenant` and `meta.tenant_id`; a blank `tenant` falls back to `org_id`. Fields that do
    /// not influence the decision (`priority`, `estimated_cost`, `budget`, `memory_id`, `team_id`, …) are accepted
    /// and ignored. `actorType` is `human` or `service` (any case); other text means unspecified.
    /// - Parameter json: the request body.
    /// - Throws: ``PolicyError`` for unknown keys (naming them), wrong types, or one field given twice with
    ///   different values.
    public init(json: JSONValue) throws(PolicyError) {
        let reader = RequestReader()
        let root = try reader.object(json, at: "")
        try reader.rejectUnknown(root, at: "", allowed: RequestReader.topLevelKeys)
        var meta: [String: JSONValue] = [:]
        if let value = root["meta"], !value.isNull {
            meta = try reader.object(value, at: "meta")
            try reader.rejectUnknown(meta, at: "meta", allowed: RequestReader.metaKeys)
        }
        func text(_ spellings: [(object: [String: JSONValue], path: String, key: String)]) throws(PolicyError) -> String
        {
            try reader.single(
                spellings,
                read: { value, path throws(PolicyError) in try reader.string(value, at: path) }
            )
                ?? ""
        }
        func list(_ spellings: [(object: [String: JSONValue], path: String, key: String)]) throws(PolicyError)
            -> [String]
        {
            try reader.single(
                spellings,
                read: { value, path throws(PolicyError) in try reader.strings(value, at: path) }
            )
                ?? []
        }
        let top = root
        var tenant = try text([(top, "", "tenant"), (top, "", "tenantId")])
        if tenant.isGoBlank { tenant = try text([(top, "", "org_id"), (top, "", "orgId")]) }
        var metadata = Meta()
        metadata.tenantID = try text([
            (meta, "meta", "tenant_id"), (meta, "meta", "tenantId"), (top, "", "tenantId"), (top, "", "tenant_id"),
        ])
        metadata.actorID = try text([
            (meta, "meta", "actor_id"), (meta, "meta", "actorId"), (top, "", "actorId"), (top, "", "actor_id"),
        ])
        let actorType = try text([
            (meta, "meta", "actor_type"), (meta, "meta", "actorType"), (top, "", "actorType"), (top, "", "actor_type"),
        ])
        metadata.actorType = ActorType(parsing: actorType)
        metadata.idempotencyKey = try text([(meta, "meta", "idempotency_key"), (meta, "meta", "idempotencyKey")])
        metadata.capability = try text([(meta, "meta", "capability"), (top, "", "capability")])
        metadata.riskTags = try list([
            (meta, "meta", "risk_tags"), (meta, "meta", "riskTags"), (top, "", "riskTags"), (top, "", "risk_tags"),
        ])
        metadata.requires = try list([(meta, "meta", "requires"), (top, "", "requires")])
        metadata.packID = try text([
            (meta, "meta", "pack_id"), (meta, "meta", "packId"), (top, "", "packId"), (top, "", "pack_id"),
        ])
        if let labels = meta["labels"], !labels.isNull {
            metadata.labels = try reader.labels(labels, at: "meta.labels")
        }
        for key in ["team_id", "workflow_id", "step_id", "priority", "memory_id"] {
            for spelling in [key, RequestReader.jsonName(key)] {
                if let value = root[spelling], !value.isNull { _ = try reader.string(value, at: spelling) }
            }
        }
        for key in ["estimated_cost", "estimatedCost"] {
            if let cost = root[key], !cost.isNull, cost.doubleValue == nil {
                throw reader.failure(.invalidField, at: key, "expected a number, found \(cost.typeName)")
            }
        }
        var labels: [String: String] = [:]
        if let value = root["labels"], !value.isNull { labels = try reader.labels(value, at: "labels") }
        var effectiveConfig: JSONValue?
        if let value = root["effective_config"] ?? root["effectiveConfig"], !value.isNull { effectiveConfig = value }
        self.init(
            jobID: try text([(top, "", "job_id"), (top, "", "jobId")]),
            topic: try text([(top, "", "topic")]),
            tenant: tenant,
            principalID: try text([(top, "", "principal_id"), (top, "", "principalId")]),
            labels: labels,
            effectiveConfig: effectiveConfig,
            meta: metadata
        )
    }
}

extension PolicyRequest.ActorType {
    /// `human` or `service` in any case (or the proto names); anything else is unspecified.
    init(parsing text: String) {
        switch text.trimmingGoSpace().lowercased() {
        case "human", "actor_type_human": self = .human
        case "service", "actor_type_service": self = .service
        default: self = .unspecified
        }
    }
}

/// Type checks for request JSON; errors are located at `request` with a field path.
struct RequestReader {
    static let topLevelKeys = [
        "job_id", "topic", "tenant", "org_id", "team_id", "workflow_id", "step_id", "principal_id", "priority",
        "estimated_cost", "budget", "labels", "memory_id", "effective_config", "meta", "tenantId", "capability",
        "riskTags", "requires", "packId", "actorId", "actorType",
        // protojson's JSON names of the proto fields, and the snake_case forms and `context` Cordum's SDK sends.
        "jobId", "orgId", "teamId", "workflowId", "stepId", "principalId", "estimatedCost", "memoryId",
        "effectiveConfig", "risk_tags", "pack_id", "actor_id", "actor_type", "tenant_id", "context",
    ]

    /// The lowerCamelCase JSON name protojson gives a snake_case proto field name.
    static func jsonName(_ protoName: String) -> String {
        let parts = protoName.split(separator: "_")
        guard let first = parts.first else { return protoName }
        return String(first) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
    static let metaKeys = [
        "tenant_id", "actor_id", "actor_type", "idempotency_key", "capability", "risk_tags", "requires", "pack_id",
        "labels", "tenantId", "actorId", "actorType", "idempotencyKey", "riskTags", "packId",
    ]

    func failure(_ code: PolicyError.Code, at field: String, _ message: String, hint: String? = nil) -> PolicyError {
        PolicyError(code: code, location: SourceLocation(file: "request"), field: field, message: message, hint: hint)
    }

    func object(_ value: JSONValue, at field: String) throws(PolicyError) -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw failure(.invalidField, at: field, "expected an object, found \(value.typeName)")
        }
        return members
    }

    func rejectUnknown(_ members: [String: JSONValue], at field: String, allowed: [String]) throws(PolicyError) {
        let unknown = members.keys.filter { !allowed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let path = field.isEmpty ? first : field + "." + first
        throw failure(
            .unknownField,
            at: path,
            "unknown key\(unknown.count > 1 ? "s" : "") \(unknown.map(goQuote).joined(separator: ", "))",
            hint: "valid keys: " + allowed.joined(separator: ", ")
        )
    }

    func string(_ value: JSONValue, at field: String) throws(PolicyError) -> String {
        guard case .string(let text) = value else {
            throw failure(.invalidField, at: field, "expected a string, found \(value.typeName)")
        }
        return text
    }

    func strings(_ value: JSONValue, at field: String) throws(PolicyError) -> [String] {
        guard case .array(let elements) = value else {
            throw failure(.invalidField, at: field, "expected a list of strings, found \(value.typeName)")
        }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            result.append(try string(element, at: "\(field)[\(index)]"))
        }
        return result
    }

    func labels(_ value: JSONValue, at field: String) throws(PolicyError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, element) in try object(value, at: field).sorted(by: { $0.key < $1.key }) {
            result[key] = try string(element, at: field + "." + key)
        }
        return result
    }

    /// The one value given under any of `spellings` (null counts as absent); two different values are an error.
    func single<Value: Equatable>(
        _ spellings: [(object: [String: JSONValue], path: String, key: String)],
        read: (JSONValue, String) throws(PolicyError) -> Value
    ) throws(PolicyError) -> Value? {
        var found: (value: Value, field: String)?
        for spelling in spellings {
            guard let raw = spelling.object[spelling.key], !raw.isNull else { continue }
            let field = spelling.path.isEmpty ? spelling.key : spelling.path + "." + spelling.key
            let value = try read(raw, field)
            if let previous = found, previous.value != value {
                throw failure(
                    .conflictingFields,
                    at: field,
                    "\(field) and \(previous.field) give different values",
                    hint: "give the field once"
                )
            }
            if found == nil { found = (value, field) }
        }
        return found?.value
    }
}
