public import StructuredData

extension TopicsTable {
    /// Reads a topics table.
    /// - Parameters:
    ///   - document: the parsed `topics.yaml`.
    ///   - packID: the pack's id, for the default topic, capability and pool names.
    /// - Throws: ``AssetsError`` naming the first field that is wrong and what would be valid.
    public static func decode(_ document: Document, packID: String) throws(AssetsError) -> TopicsTable {
        let reader = FieldReader(document: document)
        let root = try reader.object(document.value, at: "")
        try reader.known(root, ["pool", "requires", "timeouts", "output", "actions"], at: "")
        let pool = try reader.string(root["pool"], at: "/pool") ?? packID
        let requires = try reader.strings(root["requires"], at: "/requires") ?? []
        var readTimeout = Timeout(seconds: 60, maxRetries: 2)
        var writeTimeout = Timeout(seconds: 120, maxRetries: 0)
        if let timeouts = root["timeouts"] {
            let object = try reader.object(timeouts, at: "/timeouts")
            try reader.known(object, ["read", "write"], at: "/timeouts")
            readTimeout = try reader.timeout(object["read"], at: "/timeouts/read") ?? readTimeout
            writeTimeout = try reader.timeout(object["write"], at: "/timeouts/write") ?? writeTimeout
        }
        var envelope = true
        var extras: [ResultField] = []
        if let output = root["output"] {
            let object = try reader.object(output, at: "/output")
            try reader.known(object, ["envelope", "extras"], at: "/output")
            envelope = try reader.bool(object["envelope"], at: "/output/envelope") ?? true
            extras = try reader.fields(object["extras"], at: "/output/extras")
        }
        guard let actionValues = root["actions"] else {
            throw reader.error(
                .invalidField,
                "",
                "the table has no actions",
                hint: "list one entry per topic under actions:"
            )
        }
        guard case .array(let list) = actionValues, !list.isEmpty else {
            throw reader.error(.invalidField, "/actions", "actions must be a non-empty list")
        }
        var actions: [Action] = []
        var seen: Set<String> = []
        for (index, value) in list.enumerated() {
            let pointer = "/actions/\(index)"
            let action = try reader.action(
                value,
                at: pointer,
                packID: packID,
                requires: requires,
                readTimeout: readTimeout,
                writeTimeout: writeTimeout
            )
            for key in [action.action, action.topic, action.schemaName] where !seen.insert("\(key)").inserted {
                throw reader.error(
                    .invalidField,
                    pointer,
                    "\"\(key)\" is used by two actions",
                    hint: "every action, topic and schema name appears once"
                )
            }
            actions.append(action)
        }
        return TopicsTable(
            pool: pool,
            requires: requires,
            readTimeout: readTimeout,
            writeTimeout: writeTimeout,
            envelope: envelope,
            extras: extras,
            actions: actions
        )
    }
}

/// Reads typed fields of the table, with errors that name the field.
private struct FieldReader {
    let document: Document

    func error(_ code: AssetsError.Code, _ pointer: String, _ message: String, hint: String? = nil) -> AssetsError {
        let field = JSONPointer.fieldPath(pointer)
        return AssetsError(
            code,
            at: document.location(of: pointer),
            field.isEmpty ? message : "\(field): \(message)",
            hint: hint
        )
    }

    func object(_ value: JSONValue, at pointer: String) throws(AssetsError) -> [String: JSONValue] {
        guard case .object(let object) = value else {
            throw error(.invalidField, pointer, "must be a mapping, not \(value.typeName)")
        }
        return object
    }

    func known(_ object: [String: JSONValue], _ keys: [String], at pointer: String) throws(AssetsError) {
        for key in object.keys.sorted() where !keys.contains(key) {
            throw error(
                .unknownField,
                pointer + "/" + JSONPointer.escape(key),
                "unknown field \"\(key)\"",
                hint: "valid fields here: \(keys.joined(separator: ", "))"
            )
        }
    }

    func string(_ value: JSONValue?, at pointer: String) throws(AssetsError) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value, text.contains(where: { !$0.isWhitespace }) else {
            throw error(.invalidField, pointer, "must be a non-empty string")
        }
        return text
    }

    func bool(_ value: JSONValue?, at pointer: String) throws(AssetsError) -> Bool? {
        guard let value else { return nil }
        guard case .bool(let flag) = value else { throw error(.invalidField, pointer, "must be true or false") }
        return flag
    }

    func strings(_ value: JSONValue?, at pointer: String) throws(AssetsError) -> [String]? {
        guard let value else { return nil }
        guard case .array(let items) = value else { throw error(.invalidField, pointer, "must be a list of strings") }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = try string(item, at: "\(pointer)/\(index)") else { continue }
            result.append(text)
        }
        return result
    }

    func timeout(_ value: JSONValue?, at pointer: String) throws(AssetsError) -> TopicsTable.Timeout? {
        guard let value else { return nil }
        let object = try object(value, at: pointer)
        try known(object, ["timeout_seconds", "max_retries"], at: pointer)
        guard let seconds = object["timeout_seconds"]?.intValue, seconds > 0 else {
            throw error(.invalidField, pointer + "/timeout_seconds", "must be a positive number of seconds")
        }
        guard let retries = object["max_retries"]?.intValue, retries >= 0 else {
            throw error(.invalidField, pointer + "/max_retries", "must be a number of retries, 0 or more")
        }
        return TopicsTable.Timeout(seconds: seconds, maxRetries: retries)
    }

    func fields(_ value: JSONValue?, at pointer: String) throws(AssetsError) -> [TopicsTable.ResultField] {
        guard let value else { return [] }
        guard case .array(let items) = value else {
            throw error(.invalidField, pointer, "must be a list of fields ({ name, type, description })")
        }
        var result: [TopicsTable.ResultField] = []
        for (index, item) in items.enumerated() {
            let field = try self.field(item, at: "\(pointer)/\(index)")
            if result.contains(where: { $0.name == field.name }) {
                throw error(.invalidField, "\(pointer)/\(index)/name", "field \"\(field.name)\" is listed twice")
            }
            result.append(field)
        }
        return result
    }

    func field(_ value: JSONValue, at pointer: String) throws(AssetsError) -> TopicsTable.ResultField {
        let object = try object(value, at: pointer)
        try known(
            object,
            ["name", "type", "description", "nullable", "required", "format", "enum", "fields", "items"],
            at: pointer
        )
        guard let name = try string(object["name"], at: pointer + "/name") else {
            throw error(.invalidField, pointer, "a field needs a name")
        }
        let type = try string(object["type"], at: pointer + "/type") ?? "any"
        guard TopicsTable.ResultField.types.contains(type) else {
            throw error(
                .invalidField,
                pointer + "/type",
                "\"\(type)\" is not a field type",
                hint: "valid types: \(TopicsTable.ResultField.types.joined(separator: ", "))"
            )
        }
        let fields = try self.fields(object["fields"], at: pointer + "/fields")
        if !fields.isEmpty, type != "object", type != "array" {
            throw error(.invalidField, pointer + "/fields", "only object and array fields have fields")
        }
        let itemType = try string(object["items"], at: pointer + "/items")
        if let itemType {
            guard type == "array", fields.isEmpty, TopicsTable.ResultField.types.contains(itemType) else {
                throw error(
                    .invalidField,
                    pointer + "/items",
                    "items names the type of an array's items (\(TopicsTable.ResultField.types.joined(separator: ", ")))",
                    hint: "give fields instead for an array of objects"
                )
            }
        }
        return TopicsTable.ResultField(
            name: name,
            type: type,
            description: try string(object["description"], at: pointer + "/description"),
            nullable: try bool(object["nullable"], at: pointer + "/nullable") ?? false,
            required: try bool(object["required"], at: pointer + "/required") ?? false,
            format: try string(object["format"], at: pointer + "/format"),
            enumValues: try strings(object["enum"], at: pointer + "/enum") ?? [],
            fields: fields,
            itemType: itemType
        )
    }

    // swift-format-ignore: FunctionParameterCount
    func action(
        _ value: JSONValue,
        at pointer: String,
        packID: String,
        requires: [String],
        readTimeout: TopicsTable.Timeout,
        writeTimeout: TopicsTable.Timeout
    ) throws(AssetsError) -> TopicsTable.Action {
        let object = try object(value, at: pointer)
        try known(
            object,
            [
                "action", "topic", "capability", "schema", "summary", "risk", "requires", "policy", "call", "input",
                "result", "items", "extras", "timeout",
            ],
            at: pointer
        )
        guard let name = try string(object["action"], at: pointer + "/action") else {
            throw error(.invalidField, pointer, "an entry needs its action (issues.get, pulls.merge, ...)")
        }
        guard name.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }),
            !name.hasPrefix("."), !name.hasSuffix(".")
        else {
            throw error(
                .invalidField,
                pointer + "/action",
                "\"\(name)\" is not an action name",
                hint: "lowercase words joined by dots, such as issues.comments.list"
            )
        }
        guard let risk = try strings(object["risk"], at: pointer + "/risk"), !risk.isEmpty else {
            throw error(.invalidField, pointer + "/risk", "every action lists its risk tags (read or write, ...)")
        }
        let policy: TopicsTable.PolicyClass
        if let text = try string(object["policy"], at: pointer + "/policy") {
            guard let parsed = TopicsTable.PolicyClass(rawValue: text) else {
                throw error(
                    .invalidField,
                    pointer + "/policy",
                    "\"\(text)\" is not a policy class",
                    hint: "valid: \(TopicsTable.PolicyClass.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            policy = parsed
        } else {
            policy = .default(for: risk)
        }
        guard policy.fits(risk) else {
            throw error(
                .invalidField,
                pointer + "/policy",
                "policy \(policy.rawValue) does not fit risk tags [\(risk.joined(separator: ", "))]",
                hint: "the baseline: reads allow; writes workflow-approval, workflow-gated or job-approval; "
                    + "prod, destructive and secrets job-approval or deny"
            )
        }
        var call: TopicsTable.Call?
        if let text = try string(object["call"], at: pointer + "/call") {
            let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == parts[0].uppercased(), parts[1].hasPrefix("/") else {
                throw error(
                    .invalidField,
                    pointer + "/call",
                    "\"\(text)\" is not a vendor call",
                    hint: "METHOD /path/{param}, such as GET /repos/{owner}/{repo}"
                )
            }
            call = TopicsTable.Call(method: parts[0], path: parts[1])
        }
        let schemaName = try string(object["schema"], at: pointer + "/schema") ?? TopicsTable.pascalCase(name)
        let items: [TopicsTable.ResultField]? =
            object["items"] == nil ? nil : try fields(object["items"], at: pointer + "/items")
        let writes = risk.contains("write")
        return TopicsTable.Action(
            action: name,
            topic: try string(object["topic"], at: pointer + "/topic") ?? "job.\(packID).\(name)",
            capability: try string(object["capability"], at: pointer + "/capability") ?? "\(packID).\(name)",
            schemaName: schemaName,
            summary: try string(object["summary"], at: pointer + "/summary") ?? "",
            riskTags: risk,
            requires: try strings(object["requires"], at: pointer + "/requires") ?? requires,
            policy: policy,
            call: call,
            inputSchemaPath: try string(object["input"], at: pointer + "/input") ?? "schemas/\(schemaName)Input.json",
            result: try fields(object["result"], at: pointer + "/result"),
            items: items,
            extras: try fields(object["extras"], at: pointer + "/extras"),
            timeout: try timeout(object["timeout"], at: pointer + "/timeout") ?? (writes ? writeTimeout : readTimeout)
        )
    }
}
