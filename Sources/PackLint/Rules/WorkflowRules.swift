import PackFormat
import PolicyKernel
import StructuredData

/// Rules on the pack's reference workflows.
enum WorkflowRules {
    static let jobStepTypes: Set<String> = ["", "worker"]

    static func check(_ context: LintContext, _ collector: inout FindingCollector) {
        let id = context.id
        let declared = context.declaredTopics
        let required = Set(context.pack.manifest.requiresPacks)
        var usedPacks: Set<String> = []
        let schemaIDs = Set(
            ([context.pack] + required.compactMap { context.packs[$0] }).flatMap {
                $0.manifest.resources.schemas.map(\.id)
            }
        )
        for entry in context.pack.workflows {
            let workflow = entry.workflow
            let document = entry.document
            func report(
                _ rule: LintRule,
                _ pointer: String,
                _ message: String,
                hint: String? = nil,
                severity: Severity? = nil
            ) {
                collector.report(
                    rule,
                    pack: id,
                    at: document.location(of: pointer),
                    message,
                    hint: hint,
                    severity: severity
                )
            }
            let name = workflow.id.dropFirst(id.count + 1)
            if workflow.id.hasPrefix(id + "."), !TopicRules.isDottedName(name) {
                report(.workflowID, "", "workflow id \"\(workflow.id)\" needs a lowercase name after \(id).")
            }
            if let own = document.value["id"]?.stringValue, own != workflow.id {
                report(
                    .workflowID,
                    "/id",
                    "the file says id \"\(own)\" but pack.yaml installs it as \"\(workflow.id)\"",
                    hint: "make them agree (Cordum overwrites the file's id)",
                    severity: .warning
                )
            }
            let steps = Dictionary(workflow.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            checkDependencies(workflow, report: { report(.dependencies, $0, $1, hint: $2) })
            let inputProperties = document.value["input_schema"]?["properties"]?.objectValue.map { Set($0.keys) }
            for step in workflow.steps {
                let base = JSONPointer.appending("/steps", step.id)
                if !WorkflowDocument.stepTypes.contains(step.type)
                    && !WorkflowDocument.hostStepTypes.contains(step.type)
                    && !step.type.isEmpty
                {
                    report(
                        .stepType,
                        base + "/type",
                        "step \"\(step.id)\" has unknown type \"\(step.type)\"",
                        hint:
                            "known types: \(WorkflowDocument.stepTypes.union(WorkflowDocument.hostStepTypes).sorted().joined(separator: ", "))"
                    )
                }
                for (field, schemaID) in [
                    ("input_schema_id", step.inputSchemaID), ("output_schema_id", step.outputSchemaID),
                ] {
                    guard let schemaID, !schemaID.isEmpty, !schemaIDs.contains(schemaID) else { continue }
                    report(
                        .schemaIDs,
                        base + "/" + field,
                        "step \"\(step.id)\" names schema \"\(schemaID)\", which no loaded pack it may use ships",
                        hint: "declare it under resources.schemas"
                    )
                }
                checkReferences(
                    step,
                    steps: steps,
                    inputProperties: inputProperties,
                    document: document,
                    report: { report(.references, $0, $1, hint: $2) }
                )
                // A subworkflow step that runs a workflow of a required pack uses that pack.
                if step.type == "subworkflow",
                    let called = document.value["steps"]?[step.id]?["workflow_id"]?.stringValue,
                    let owner = required.first(where: { other in
                        context.packs[other]?.manifest.resources.workflows.contains { $0.id == called } == true
                    })
                {
                    usedPacks.insert(owner)
                }
                guard jobStepTypes.contains(step.type) else { continue }
                guard let topic = step.topic?.trimmingSpaces, !topic.isEmpty else {
                    report(
                        .stepType,
                        base,
                        "worker step \"\(step.id)\" has no topic",
                        hint: "set topic: job.\(id).<action>"
                    )
                    continue
                }
                guard let (owner, declaration) = declared[topic] else {
                    report(
                        .stepTopic,
                        base + "/topic",
                        "step \"\(step.id)\" uses topic \"\(topic)\", which no loaded pack declares",
                        hint: "declare it in topics, or add the pack that serves it to requires_packs"
                    )
                    continue
                }
                if owner.id != id {
                    usedPacks.insert(owner.id)
                    if !required.contains(owner.id) {
                        report(
                            .stepTopic,
                            base + "/topic",
                            "step \"\(step.id)\" uses topic \"\(topic)\" of pack \(owner.id), which requires_packs does not list",
                            hint: "add \(owner.id) to requires_packs"
                        )
                    }
                }
                checkMeta(
                    step,
                    base: base,
                    owner: owner.id,
                    topic: declaration,
                    report: { report(.stepMeta, $0, $1, hint: $2) }
                )
                checkGovernance(context, workflow: workflow, step: step, base: base, topic: declaration, report: report)
            }
        }
        for (index, other) in context.pack.manifest.requiresPacks.enumerated() {
            if context.packs[other] == nil {
                collector.report(
                    .requiresPacks,
                    pack: id,
                    at: context.manifestLocation("/requires_packs/\(index)"),
                    "requires_packs names \"\(other)\", which is not among the loaded packs",
                    hint: "load it too (packctl lint packs/ loads every pack)"
                )
            } else if !usedPacks.contains(other) {
                collector.report(
                    .requiresPacks,
                    pack: id,
                    at: context.manifestLocation("/requires_packs/\(index)"),
                    "requires_packs names \"\(other)\", but no workflow uses its topics or runs its workflows",
                    hint: "remove it",
                    severity: .warning
                )
            }
        }
    }

    private static func checkMeta(
        _ step: WorkflowDocument.Step,
        base: String,
        owner: String,
        topic: PackTopic,
        report: (String, String, String?) -> Void
    ) {
        let meta = step.meta
        let pointer = base + "/meta"
        for key in ["pack_id", "capability", "risk_tags", "requires"] where meta[key] == nil {
            report(pointer, "step \"\(step.id)\" meta has no \(key)", "copy it from topic \(topic.name) in pack.yaml")
        }
        if let packID = meta["pack_id"]?.stringValue, packID != owner {
            report(
                pointer + "/pack_id",
                "step \"\(step.id)\" meta.pack_id is \"\(packID)\" but topic \(topic.name) belongs to \(owner)",
                nil
            )
        }
        if let capability = meta["capability"]?.stringValue, let declared = topic.capability, capability != declared {
            report(
                pointer + "/capability",
                "step \"\(step.id)\" meta.capability is \"\(capability)\" but topic \(topic.name) declares \"\(declared)\"",
                nil
            )
        }
        for (key, declared) in [("risk_tags", topic.riskTags), ("requires", topic.requires)] {
            guard let value = meta[key] else { continue }
            let listed = Set((value.arrayValue ?? []).compactMap { $0.stringValue?.lowercased() })
            if value.arrayValue == nil || listed != Set(declared.map { $0.lowercased() }) {
                report(
                    pointer + "/" + key,
                    "step \"\(step.id)\" meta.\(key) \(JSONEncoding.compact(value)) differs from topic \(topic.name)'s [\(declared.joined(separator: ", "))]",
                    "the kernel sees what the job carries; keep them equal"
                )
            }
        }
    }

    private static func checkGovernance(
        _ context: LintContext,
        workflow: WorkflowDocument,
        step: WorkflowDocument.Step,
        base: String,
        topic: PackTopic,
        report: (LintRule, String, String, String?, Severity?) -> Void
    ) {
        let tags = Set(topic.riskTags.map { $0.lowercased() })
        let writes = tags.contains("write") || tags.contains("destructive")
        if writes {
            let key = step.meta["idempotency_key"]?.stringValue?.trimmingSpaces ?? ""
            if key.isEmpty {
                report(
                    .idempotency,
                    base + "/meta",
                    "step \"\(step.id)\" changes things but has no meta.idempotency_key",
                    "derive one from the inputs that identify the change, e.g. \(context.id):<object>:${input.id}",
                    nil
                )
            }
            let gated = workflow.isGatedByApproval(step.id)
            // Behind an approval step the host labels the job cordum.workflow_approval=approved (docs/host.md), and
            // a policy may let such jobs through without asking again; judge the step as the host will.
            let labels = gated ? ["cordum.workflow_approval": "approved"] : [:]
            var policyAsks = false
            if let policy = context.strictPolicy,
                let request = LintContext.request(topic: topic, packID: context.id, labels: labels)
            {
                policyAsks = policy.evaluate(request).decision == .requireApproval
            }
            if !gated && !policyAsks {
                report(
                    .approvalGate,
                    base,
                    "step \"\(step.id)\" writes on \(topic.name) without an approval step before it, and the policy does not require approval",
                    "add an approval step to its depends_on chain",
                    nil
                )
            } else if gated && policyAsks {
                report(
                    .approvalGate,
                    base,
                    "step \"\(step.id)\" waits for an approval step and the policy requires approval again: a double approval",
                    "let the policy give ALLOW_WITH_CONSTRAINTS for this topic, or drop the approval step",
                    .warning
                )
            }
        }
        if tags.contains("destructive") || tags.contains("prod") {
            let lock = step.meta["lock"]
            let resource = lock?.stringValue ?? lock?["resource"]?.stringValue ?? ""
            if resource.trimmingSpaces.isEmpty {
                report(
                    .lock,
                    base + "/meta",
                    "step \"\(step.id)\" is \(tags.contains("destructive") ? "destructive" : "a prod change") but takes no lock",
                    "add meta.lock naming the resource, e.g. repo:${input.owner}/${input.repo} or svc:<name>:env:<env>",
                    nil
                )
            }
        }
    }

    private static func checkDependencies(_ workflow: WorkflowDocument, report: (String, String, String?) -> Void) {
        let ids = Set(workflow.steps.map(\.id))
        for step in workflow.steps {
            for dependency in step.dependsOn where !ids.contains(dependency) {
                report(
                    JSONPointer.appending("/steps", step.id) + "/depends_on",
                    "step \"\(step.id)\" depends on unknown step \"\(dependency)\"",
                    "steps: \(ids.sorted().joined(separator: ", "))"
                )
            }
        }
        // Cycle detection: depth-first with colours, reporting each cycle once at its first step.
        var state: [String: Int] = [:]
        let byID = Dictionary(workflow.steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func visit(_ id: String, path: [String]) {
            if state[id] == 2 { return }
            if state[id] == 1 {
                let cycle = path.drop { $0 != id } + [id]
                report(
                    JSONPointer.appending("/steps", id) + "/depends_on",
                    "depends_on forms a cycle: \(cycle.joined(separator: " → "))",
                    "a run with a cycle never finishes"
                )
                return
            }
            state[id] = 1
            for next in byID[id]?.dependsOn ?? [] where byID[next] != nil { visit(next, path: path + [id]) }
            state[id] = 2
        }
        for step in workflow.steps { visit(step.id, path: []) }
    }

    /// Finds `${...}` expressions in a step and checks their `input.` and `steps.` references.
    private static func checkReferences(
        _ step: WorkflowDocument.Step,
        steps: [String: WorkflowDocument.Step],
        inputProperties: Set<String>?,
        document: Document,
        report: (String, String, String?) -> Void
    ) {
        let base = JSONPointer.appending("/steps", step.id)
        guard let raw = JSONPointer.resolve(base, in: document.value) else { return }
        var ancestors: Set<String> = []
        var pending = step.dependsOn
        while let next = pending.popLast() {
            guard ancestors.insert(next).inserted else { continue }
            pending += steps[next]?.dependsOn ?? []
        }
        var undeclaredInputs: [String] = []
        for (pointer, text) in strings(in: raw, pointer: base) {
            for reference in ExpressionReferences.scan(text) {
                switch reference {
                case .input(let name):
                    guard let inputProperties else {
                        if !undeclaredInputs.contains(name) { undeclaredInputs.append(name) }
                        continue
                    }
                    if !inputProperties.contains(name) {
                        report(
                            pointer,
                            "step \"\(step.id)\" reads input.\(name), which the workflow's input_schema does not declare",
                            "declared: \(inputProperties.sorted().joined(separator: ", "))"
                        )
                    }
                case .step(let other):
                    if !ancestors.contains(other) {
                        report(
                            pointer,
                            "step \"\(step.id)\" reads steps.\(other), which is not one of its dependencies",
                            steps[other] == nil ? "no step is named \(other)" : "add \(other) to its depends_on chain"
                        )
                    }
                }
            }
        }
        if !undeclaredInputs.isEmpty {
            let names = undeclaredInputs.map { "input.\($0)" }.joined(separator: ", ")
            report(
                base,
                "step \"\(step.id)\" reads \(names), but the workflow declares no input_schema properties",
                "declare input_schema with a property for each"
            )
        }
    }

    private static func strings(in value: JSONValue, pointer: String) -> [(String, String)] {
        switch value {
        case .string(let text): return [(pointer, text)]
        case .array(let elements):
            return elements.enumerated().flatMap {
                strings(in: $0.element, pointer: JSONPointer.appending(pointer, $0.offset))
            }
        case .object(let members):
            return members.keys.sorted().flatMap {
                strings(in: members[$0]!, pointer: JSONPointer.appending(pointer, $0))
            }
        default: return []
        }
    }
}

/// Finds the `input.<name>` and `steps.<id>` paths used inside `${...}` in a template string.
enum ExpressionReferences {
    enum Reference: Hashable {
        case input(String)
        case step(String)
    }

    static func scan(_ text: String) -> [Reference] {
        var references: [Reference] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "${") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.firstIndex(of: "}") else { break }
            let expression = afterOpen[..<close]
            references += identifiers(in: expression)
            rest = afterOpen[afterOpen.index(after: close)...]
        }
        return references
    }

    private static func identifiers(in expression: Substring) -> [Reference] {
        var result: [Reference] = []
        var index = expression.startIndex
        var inQuote: Character?
        while index < expression.endIndex {
            let character = expression[index]
            if let quote = inQuote {
                if character == quote { inQuote = nil }
                index = expression.index(after: index)
                continue
            }
            if character == "\"" || character == "'" {
                inQuote = character
                index = expression.index(after: index)
                continue
            }
            let isStart = index == expression.startIndex || !isIdentifier(expression[expression.index(before: index)])
            if isStart {
                for (prefix, make) in [("input.", Reference.input), ("steps.", Reference.step)] {
                    let tail = expression[index...]
                    guard tail.hasPrefix(prefix) else { continue }
                    let nameStart = expression.index(index, offsetBy: prefix.count)
                    let name = expression[nameStart...].prefix { isIdentifier($0) }
                    if !name.isEmpty { result.append(make(String(name))) }
                }
            }
            index = expression.index(after: index)
        }
        return result
    }

    private static func isIdentifier(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_" || character == "-"
    }
}
