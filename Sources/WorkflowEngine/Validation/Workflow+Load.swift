import Crypto
import JSONSchema
public import StructuredData

extension Workflow {
    /// Reads and validates a workflow definition.
    /// - Parameters:
    ///   - document: the parsed workflow file (JSON or YAML).
    ///   - schemas: the schema catalog that `input_schema_id` and `output_schema_id` refer to, by id.
    /// - Returns: the workflow, ready to run.
    /// - Throws: ``WorkflowValidationError`` listing every problem found.
    public static func load(_ document: Document, schemas: [String: JSONValue] = [:]) throws(WorkflowValidationError)
        -> Workflow
    {
        var loader = WorkflowLoader(document: document, catalog: schemas)
        let workflow = loader.load()
        guard let workflow, loader.reader.errors.isEmpty else {
            throw WorkflowValidationError(errors: loader.reader.errors)
        }
        return workflow
    }

    /// Reads and validates a workflow given as a value.
    public static func load(
        _ value: JSONValue,
        file: String = "<workflow>",
        schemas: [String: JSONValue] = [:]
    ) throws(WorkflowValidationError) -> Workflow {
        try load(Document(value: value, file: file), schemas: schemas)
    }

    /// Every problem in a workflow definition; empty means ``load(_:schemas:)`` accepts it.
    public static func validate(_ document: Document, schemas: [String: JSONValue] = [:]) -> [WorkflowError] {
        var loader = WorkflowLoader(document: document, catalog: schemas)
        _ = loader.load()
        return loader.reader.errors
    }
}

private struct WorkflowLoader {
    var reader: DocumentReader
    let catalog: [String: JSONValue]
    var usedSchemas: [String: JSONValue] = [:]

    init(document: Document, catalog: [String: JSONValue]) {
        self.reader = DocumentReader(document)
        self.catalog = catalog
    }

    mutating func load() -> Workflow? {
        guard let root = reader.document.value.objectValue else {
            reader.report(.wrongType, "", step: nil, "a workflow must be an object")
            return nil
        }
        var fields = Workflow.Fields()
        fields.id = reader.string("/id", step: nil) ?? ""
        fields.orgID = reader.string("/org_id", step: nil)
        fields.name = reader.string("/name", step: nil)
        fields.description = reader.string("/description", step: nil)
        fields.version = reader.string("/version", step: nil)
        fields.timeoutSeconds = reader.integer("/timeout_sec", step: nil)
        if let timeout = fields.timeoutSeconds, timeout < 0 {
            reader.report(.invalidNumber, "/timeout_sec", step: nil, "timeout_sec must not be negative")
        }
        if fields.timeoutSeconds == 0 { fields.timeoutSeconds = nil }
        fields.inputSchema = reader.schema("/input_schema", step: nil)
        let inputSchema = compile(fields.inputSchema, "/input_schema", step: nil)
        for key in ["config", "parameters"] where root[key] != nil {
            _ = reader.value("/" + key)
        }

        var steps: [String: Step] = [:]
        if let map = reader.object("/steps", step: nil) {
            for id in map.keys.sorted() {
                if let step = readStep(id) { steps[id] = step }
            }
        }
        checkGraph(&steps)
        let order = topologicalOrder(steps)
        checkReferences(steps, order: order)

        var rawObject = root
        rawObject.removeValue(forKey: "created_at")
        rawObject.removeValue(forKey: "updated_at")
        let raw = JSONValue.object(rawObject)
        let digest = SHA256.hash(data: Array(JSONEncoding.canonical(raw).utf8))
            .map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        guard reader.errors.isEmpty else { return nil }
        return Workflow(
            fields: fields,
            steps: steps,
            order: order,
            digest: digest,
            raw: raw,
            schemas: usedSchemas,
            compiledInputSchema: inputSchema
        )
    }

    private mutating func compile(_ schema: JSONValue?, _ pointer: String, step: String?) -> JSONSchema? {
        guard let schema else { return nil }
        do {
            return try JSONSchema(schema)
        } catch {
            reader.report(.invalidSchema, pointer, step: step, "the schema is invalid: \(error.message)")
            return nil
        }
    }

    private mutating func schemaByID(_ pointer: String, step: String) -> JSONSchema? {
        guard let id = reader.string(pointer, step: step) else { return nil }
        guard let schema = catalog[id] else {
            reader.report(
                .unknownSchema,
                pointer,
                step: step,
                "schema \"\(id)\" is not registered",
                hint: catalog.isEmpty ? "no schemas are registered" : "register it or fix the id"
            )
            return nil
        }
        usedSchemas[id] = schema
        return compile(schema, pointer, step: step)
    }

    private mutating func readStep(_ id: String) -> Step? {
        let base = JSONPointer.appending("/steps", id)
        guard reader.object(base, step: id) != nil else {
            if reader.value(base) == nil {
                reader.report(.wrongType, base, step: id, "step \"\(id)\" must be an object")
            }
            return nil
        }
        if id.isEmpty || id.contains(where: { ":@[].".contains($0) || $0.isWhitespace }) {
            reader.report(
                .invalidStepID,
                base,
                step: id,
                "step id \"\(id)\" is not valid",
                hint: "ids may not be empty or contain spaces, \":\", \"@\", \"[\", \"]\" or \".\""
            )
        }
        let type = reader.string(base + "/type", step: id) ?? ""
        let kind: Step.Kind
        if let known = Step.kindsByType[type.lowercased()] {
            kind = known
        } else if let instead = Step.unsupportedTypes[type.lowercased()] {
            reader.report(
                .unsupportedStepType,
                base + "/type",
                step: id,
                "step type \"\(type)\" is not supported",
                hint: instead
            )
            kind = .worker
        } else {
            reader.report(
                .unknownStepType,
                base + "/type",
                step: id,
                "unknown step type \"\(type)\"",
                hint: "valid types: worker, approval, condition, delay, notify, transform, subworkflow, artifact"
            )
            kind = .worker
        }
        var step = Step(id: id, type: type, kind: kind)
        step.name = reader.string(base + "/name", step: id)
        step.workerID = reader.string(base + "/worker_id", step: id)
        step.topic = reader.string(base + "/topic", step: id)
        var seen: Set<String> = []
        step.dependsOn = reader.strings(base + "/depends_on", step: id).filter { seen.insert($0).inserted }
        step.condition = expression(base + "/condition", step: id)
        step.forEach = expression(base + "/for_each", step: id)
        step.maxParallel = reader.integer(base + "/max_parallel", step: id)
        if let limit = step.maxParallel, limit < 0 {
            reader.report(.invalidNumber, base + "/max_parallel", step: id, "max_parallel must not be negative")
        }
        if step.maxParallel == 0 { step.maxParallel = nil }
        if let input = reader.value(base + "/input") {
            if input.objectValue == nil {
                reader.report(.wrongType, base + "/input", step: id, "input must be an object but is \(input.typeName)")
            } else {
                step.input = input
                let (template, errors) = ValueTemplate.compile(input, pointer: base + "/input")
                for (pointer, error) in errors {
                    reader.report(.invalidExpression, pointer, step: id, error.message)
                }
                step.inputTemplate = template
            }
        }
        step.inputSchema = reader.schema(base + "/input_schema", step: id)
        step.inputSchemaID = reader.string(base + "/input_schema_id", step: id)
        step.compiledInputSchema =
            step.inputSchema != nil
            ? compile(step.inputSchema, base + "/input_schema", step: id)
            : schemaByID(base + "/input_schema_id", step: id)
        step.outputSchema = reader.schema(base + "/output_schema", step: id)
        step.outputSchemaID = reader.string(base + "/output_schema_id", step: id)
        step.compiledOutputSchema =
            step.outputSchema != nil
            ? compile(step.outputSchema, base + "/output_schema", step: id)
            : schemaByID(base + "/output_schema_id", step: id)
        step.outputPath = reader.string(base + "/output_path", step: id)
        if let path = step.outputPath, path.split(separator: ".", omittingEmptySubsequences: false).contains("") {
            reader.report(.wrongType, base + "/output_path", step: id, "output_path \"\(path)\" has an empty segment")
        }
        step.meta = readMeta(base + "/meta", step: id)
        step.idempotencyKeyTemplate = metaTemplate(
            step.meta.idempotencyKey,
            base + "/meta/idempotency_key",
            step: id
        )
        let lockPointer =
            base + "/meta/lock" + (reader.value(base + "/meta/lock")?.stringValue == nil ? "/resource" : "")
        step.lockTemplate = metaTemplate(step.meta.lock?.resource, lockPointer, step: id)
        step.onError = reader.string(base + "/on_error", step: id)
        step.retry = readRetry(base + "/retry", step: id)
        step.timeoutSeconds = reader.integer(base + "/timeout_sec", step: id)
        if let timeout = step.timeoutSeconds, timeout < 0 {
            reader.report(.invalidNumber, base + "/timeout_sec", step: id, "timeout_sec must not be negative")
        }
        if step.timeoutSeconds == 0 { step.timeoutSeconds = nil }
        step.delaySeconds = reader.integer(base + "/delay_sec", step: id)
        if let text = reader.string(base + "/delay_until", step: id) {
            step.delayUntil = Timestamp(rfc3339: text)
            if step.delayUntil == nil {
                reader.report(
                    .invalidDelay,
                    base + "/delay_until",
                    step: id,
                    "delay_until \"\(text)\" is not an RFC 3339 time",
                    hint: "for example 2026-01-18T10:00:00Z"
                )
            }
        }
        step.routeLabels = reader.stringMap(base + "/route_labels", step: id)
        step.subworkflowID = reader.string(base + "/workflow_id", step: id)
        if let name = reader.string(base + "/priority", step: id) {
            step.priority = JobPriority(name: name)
            if step.priority == nil {
                reader.report(
                    .invalidPriority,
                    base + "/priority",
                    step: id,
                    "priority \"\(name)\" is not a job priority",
                    hint: "batch, interactive or critical"
                )
            }
        }
        checkKind(step, base: base)
        return step
    }

    private mutating func checkKind(_ step: Step, base: String) {
        let id = step.id
        func notAllowed(_ field: String, _ reason: String) {
            reader.report(.fieldNotAllowed, base + "/" + field, step: id, "\(field) \(reason)")
        }
        if step.forEach != nil && !step.isJob { notAllowed("for_each", "applies to worker steps only") }
        if step.retry != nil && !step.isJob { notAllowed("retry", "applies to worker steps only") }
        if step.priority != nil && !step.isJob { notAllowed("priority", "applies to worker steps only") }
        if step.kind != .subworkflow && step.subworkflowID != nil {
            notAllowed("workflow_id", "applies to subworkflow steps only")
        }
        if step.kind != .delay && (step.delaySeconds != nil || step.delayUntil != nil) {
            notAllowed(step.delaySeconds != nil ? "delay_sec" : "delay_until", "applies to delay steps only")
        }
        switch step.kind {
        case .condition where step.condition == nil && reader.value(base + "/condition") == nil:
            reader.report(.missingField, base + "/condition", step: id, "a condition step needs a condition")
        case .subworkflow where step.subworkflowID == nil:
            reader.report(
                .missingField,
                base + "/workflow_id",
                step: id,
                "a subworkflow step needs workflow_id",
                hint: "the id of the workflow to run"
            )
        case .delay:
            if let seconds = step.delaySeconds, seconds < 0 {
                reader.report(.invalidDelay, base + "/delay_sec", step: id, "delay_sec must not be negative")
            } else if step.delaySeconds != nil && reader.value(base + "/delay_until") != nil {
                reader.report(.invalidDelay, base, step: id, "give delay_sec or delay_until, not both")
            } else if step.delaySeconds == nil && reader.value(base + "/delay_until") == nil {
                reader.report(
                    .invalidDelay,
                    base,
                    step: id,
                    "a delay step needs delay_sec or delay_until",
                    hint: "timeout_sec is not used as a delay"
                )
            }
        default: break
        }
    }

    private mutating func expression(_ pointer: String, step: String) -> Expression? {
        guard let text = reader.string(pointer, step: step) else { return nil }
        do {
            return try Expression(text)
        } catch {
            reader.report(.invalidExpression, pointer, step: step, error.message)
            return nil
        }
    }

    private mutating func readMeta(_ pointer: String, step: String) -> StepMeta {
        guard reader.object(pointer, step: step) != nil else { return StepMeta() }
        return StepMeta(
            actorID: reader.string(pointer + "/actor_id", step: step),
            actorType: reader.string(pointer + "/actor_type", step: step),
            idempotencyKey: reader.string(pointer + "/idempotency_key", step: step),
            packID: reader.string(pointer + "/pack_id", step: step),
            capability: reader.string(pointer + "/capability", step: step),
            riskTags: reader.strings(pointer + "/risk_tags", step: step),
            requires: reader.strings(pointer + "/requires", step: step),
            labels: reader.stringMap(pointer + "/labels", step: step),
            lock: readLock(pointer + "/lock", step: step)
        )
    }

    /// `meta.lock`: a resource string, or `{resource, mode, ttl_sec}`.
    private mutating func readLock(_ pointer: String, step: String) -> StepLock? {
        guard let value = reader.value(pointer) else { return nil }
        if value.stringValue != nil {
            guard let resource = reader.string(pointer, step: step) else { return nil }
            return StepLock(resource: resource)
        }
        guard reader.object(pointer, step: step) != nil else { return nil }
        guard let resource = reader.string(pointer + "/resource", step: step) else {
            reader.report(.missingField, pointer + "/resource", step: step, "a lock needs a resource")
            return nil
        }
        var lock = StepLock(resource: resource)
        if let modeText = reader.string(pointer + "/mode", step: step) {
            guard let mode = LockMode(rawValue: modeText) else {
                reader.report(
                    .invalidLock,
                    pointer + "/mode",
                    step: step,
                    "lock mode \"\(modeText)\" is not valid; use shared or exclusive"
                )
                return nil
            }
            lock.mode = mode
        }
        if let ttl = reader.integer(pointer + "/ttl_sec", step: step) {
            if ttl <= 0 {
                reader.report(.invalidLock, pointer + "/ttl_sec", step: step, "ttl_sec must be positive")
            }
            lock.ttlSeconds = ttl
        }
        return lock
    }

    /// Compiles a meta string that may hold `${...}` (`idempotency_key`, `lock.resource`).
    private mutating func metaTemplate(_ text: String?, _ pointer: String, step: String) -> Template? {
        guard let text else { return nil }
        do {
            return try Template(text)
        } catch {
            reader.report(.invalidExpression, pointer, step: step, error.message)
            return nil
        }
    }

    private mutating func readRetry(_ pointer: String, step: String) -> RetryPolicy? {
        guard reader.object(pointer, step: step) != nil else { return nil }
        var policy = RetryPolicy(maxRetries: reader.integer(pointer + "/max_retries", step: step) ?? 0)
        if policy.maxRetries < 0 {
            reader.report(.invalidRetry, pointer + "/max_retries", step: step, "max_retries must not be negative")
        }
        if let initial = reader.integer(pointer + "/initial_backoff_sec", step: step) {
            if initial < 0 {
                reader.report(
                    .invalidRetry,
                    pointer + "/initial_backoff_sec",
                    step: step,
                    "initial_backoff_sec must not be negative"
                )
            }
            policy.initialBackoffSeconds = max(initial, 1)
        }
        if let cap = reader.integer(pointer + "/max_backoff_sec", step: step) {
            if cap < 0 {
                reader.report(
                    .invalidRetry,
                    pointer + "/max_backoff_sec",
                    step: step,
                    "max_backoff_sec must not be negative"
                )
            }
            policy.maxBackoffSeconds = cap > 0 ? cap : nil
        }
        if let multiplier = reader.number(pointer + "/multiplier", step: step) {
            if multiplier <= 1 {
                reader.report(
                    .invalidRetry,
                    pointer + "/multiplier",
                    step: step,
                    "multiplier must be greater than 1",
                    hint: "omit it for the default of 2"
                )
            }
            policy.multiplier = multiplier
        }
        return policy
    }

    private mutating func checkGraph(_ steps: inout [String: Step]) {
        for id in steps.keys.sorted() {
            let step = steps[id]!
            let base = JSONPointer.appending("/steps", id)
            for (index, dependency) in step.dependsOn.enumerated() where steps[dependency] == nil {
                reader.report(
                    .unknownDependency,
                    JSONPointer.appending(base + "/depends_on", index),
                    step: id,
                    "depends_on names \"\(dependency)\", which is not a step",
                    hint: "steps: " + steps.keys.sorted().joined(separator: ", ")
                )
            }
            steps[id]!.dependsOn = step.dependsOn.filter { steps[$0] != nil }
        }
        // Cycles: report each step on a cycle once, naming the cycle.
        let order = topologicalOrder(steps)
        let remaining = Set(steps.keys).subtracting(order)
        var reported: Set<String> = []
        for id in remaining.sorted() where !reported.contains(id) {
            guard let cycle = findCycle(from: id, steps: steps, within: remaining) else { continue }
            reported.formUnion(cycle)
            let first = cycle.min()!
            reader.report(
                .dependencyCycle,
                JSONPointer.appending("/steps", first) + "/depends_on",
                step: first,
                "the dependencies form a cycle: " + (cycle + [cycle[0]]).joined(separator: " → ")
            )
        }
        for id in remaining { steps[id]!.dependsOn = [] }
    }

    private func findCycle(from start: String, steps: [String: Step], within: Set<String>) -> [String]? {
        var path: [String] = []
        var onPath: Set<String> = []
        var done: Set<String> = []
        func visit(_ id: String) -> [String]? {
            if onPath.contains(id) { return Array(path[path.firstIndex(of: id)!...]) }
            if done.contains(id) { return nil }
            path.append(id)
            onPath.insert(id)
            for dependency in steps[id]!.dependsOn.sorted() where within.contains(dependency) {
                if let cycle = visit(dependency) { return cycle }
            }
            path.removeLast()
            onPath.remove(id)
            done.insert(id)
            return nil
        }
        return visit(start)
    }

    /// Kahn's algorithm, always taking the smallest ready id: a deterministic order.
    private func topologicalOrder(_ steps: [String: Step]) -> [String] {
        var indegree: [String: Int] = [:]
        var dependents: [String: [String]] = [:]
        for (id, step) in steps {
            indegree[id] = step.dependsOn.count
            for dependency in step.dependsOn { dependents[dependency, default: []].append(id) }
        }
        var ready = indegree.filter { $0.value == 0 }.map(\.key).sorted(by: >)
        var order: [String] = []
        while let next = ready.popLast() {
            order.append(next)
            for dependent in dependents[next] ?? [] {
                indegree[dependent]! -= 1
                if indegree[dependent] == 0 {
                    ready.append(dependent)
                    ready.sort(by: >)
                }
            }
        }
        return order
    }

    private mutating func checkReferences(_ steps: [String: Step], order: [String]) {
        var ancestors: [String: Set<String>] = [:]
        for id in order {
            var set: Set<String> = []
            for dependency in steps[id]!.dependsOn {
                set.insert(dependency); set.formUnion(ancestors[dependency] ?? [])
            }
            ancestors[id] = set
        }
        var routedFrom: [String: [String]] = [:]
        for id in steps.keys.sorted() {
            guard let handler = steps[id]!.onError else { continue }
            let pointer = JSONPointer.appending("/steps", id) + "/on_error"
            if steps[handler] == nil || handler == id {
                reader.report(
                    .invalidErrorHandler,
                    pointer,
                    step: id,
                    handler == id
                        ? "a step cannot handle its own failure" : "on_error names \"\(handler)\", which is not a step"
                )
            } else if ancestors[id]?.contains(handler) == true || ancestors[handler]?.contains(id) == true {
                reader.report(
                    .invalidErrorHandler,
                    pointer,
                    step: id,
                    "on_error handler \"\(handler)\" must not depend on this step or be one of its dependencies"
                )
            } else {
                routedFrom[handler, default: []].append(id)
            }
        }
        for id in steps.keys.sorted() {
            let step = steps[id]!
            let base = JSONPointer.appending("/steps", id)
            var visible = ancestors[id] ?? []
            for source in routedFrom[id] ?? [] { visible.insert(source); visible.formUnion(ancestors[source] ?? []) }
            var uses: [(String, Expression, Bool)] = []
            if let condition = step.condition { uses.append((base + "/condition", condition, false)) }
            if let forEach = step.forEach { uses.append((base + "/for_each", forEach, false)) }
            for (pointer, expression) in step.inputTemplate?.expressions ?? [] {
                uses.append((base + "/input" + pointer, expression, step.forEach != nil))
            }
            for expression in step.idempotencyKeyTemplate?.expressions ?? [] {
                uses.append((base + "/meta/idempotency_key", expression, step.forEach != nil))
            }
            for expression in step.lockTemplate?.expressions ?? [] {
                uses.append((base + "/meta/lock", expression, step.forEach != nil))
            }
            for (pointer, expression, itemAllowed) in uses {
                if expression.readsItem && !itemAllowed {
                    reader.report(
                        .itemOutsideForEach,
                        pointer,
                        step: id,
                        "\"item\" is only defined in the input of a for_each step"
                    )
                }
                for referenced in expression.referencedSteps {
                    if steps[referenced] == nil {
                        reader.report(
                            .unknownStepReference,
                            pointer,
                            step: id,
                            "\"\(expression.source)\" reads steps.\(referenced), which is not a step"
                        )
                    } else if !visible.contains(referenced) {
                        reader.report(
                            .referenceNotDependency,
                            pointer,
                            step: id,
                            "\"\(expression.source)\" reads steps.\(referenced), which this step does not depend on",
                            hint: "add \"\(referenced)\" to depends_on"
                        )
                    }
                }
            }
        }
    }
}
