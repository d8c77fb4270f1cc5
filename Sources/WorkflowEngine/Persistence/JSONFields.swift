import StructuredData

/// Builds and reads the JSON objects the store keeps; absent optionals are left out.
struct JSONFields {
    var members: [String: JSONValue] = [:]

    init() {}
    init(_ value: JSONValue?) { members = value?.objectValue ?? [:] }

    var value: JSONValue { .object(members) }

    mutating func set(_ key: String, _ value: JSONValue?) { if let value { members[key] = value } }
    mutating func set(_ key: String, _ value: String?) { if let value { members[key] = .string(value) } }
    mutating func set(_ key: String, _ value: Int?) { if let value { members[key] = .integer(value) } }
    mutating func set(_ key: String, _ value: Bool) { if value { members[key] = .bool(true) } }
    mutating func set(_ key: String, _ value: Timestamp?) {
        if let value { members[key] = .integer(Int(value.milliseconds)) }
    }
    mutating func set(_ key: String, _ value: [String: String]) {
        if !value.isEmpty { members[key] = .object(value.mapValues(JSONValue.string)) }
    }
    mutating func set(_ key: String, _ value: [String]) {
        if !value.isEmpty { members[key] = .array(value.map(JSONValue.string)) }
    }

    func string(_ key: String) -> String? { members[key]?.stringValue }
    func int(_ key: String) -> Int? { members[key]?.intValue }
    func bool(_ key: String) -> Bool { members[key]?.boolValue ?? false }
    func time(_ key: String) -> Timestamp? { members[key]?.intValue.map { Timestamp(milliseconds: Int64($0)) } }
    func json(_ key: String) -> JSONValue? { members[key] }
    func strings(_ key: String) -> [String] { members[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    func stringMap(_ key: String) -> [String: String] {
        members[key]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
    }
}

/// A stored value that could not be read back (a corrupt or foreign row).
struct DecodingFailure: Error {
    var what: String
}

extension StepError {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let details { fields["details"] = details }
        return .object(fields)
    }
    init?(json: JSONValue?) {
        guard let code = json?["code"]?.stringValue, let message = json?["message"]?.stringValue else { return nil }
        self.init(code: code, message: message, details: json?["details"])
    }
}

extension StepState {
    var json: JSONValue {
        var fields = JSONFields()
        fields.set("id", id)
        fields.set("status", status.rawValue)
        fields.set("attempts", attempts == 0 ? nil : attempts)
        fields.set("job_id", jobID)
        fields.set("started_at", startedAt)
        fields.set("completed_at", completedAt)
        fields.set("next_attempt_at", nextAttemptAt)
        fields.set("deadline", deadline)
        fields.set("input", input)
        fields.set("output", output)
        fields.set("result_ptr", resultPointer)
        fields.set("error", error?.json)
        fields.set("item", item)
        fields.set("child_count", childCount)
        fields.set("handled", handled)
        fields.set("activated", activated)
        fields.set("planned", planned)
        fields.set("reused", reused)
        return fields.value
    }

    init(json: JSONValue) throws(DecodingFailure) {
        let fields = JSONFields(json)
        guard let id = fields.string("id"), let status = fields.string("status").flatMap(StepStatus.init(rawValue:))
        else { throw DecodingFailure(what: "step state") }
        self.init(id: id)
        self.status = status
        attempts = fields.int("attempts") ?? 0
        jobID = fields.string("job_id")
        startedAt = fields.time("started_at")
        completedAt = fields.time("completed_at")
        nextAttemptAt = fields.time("next_attempt_at")
        deadline = fields.time("deadline")
        input = fields.json("input")
        output = fields.json("output")
        resultPointer = fields.string("result_ptr")
        error = StepError(json: fields.json("error"))
        item = fields.json("item")
        childCount = fields.int("child_count")
        handled = fields.bool("handled")
        activated = fields.bool("activated")
        planned = fields.bool("planned")
        reused = fields.bool("reused")
    }
}

extension TimelineEntry {
    var json: JSONValue {
        var fields = JSONFields()
        fields.set("seq", sequence)
        fields.set("time", time)
        fields.set("type", type)
        fields.set("step_id", stepID)
        fields.set("job_id", jobID)
        fields.set("status", status)
        fields.set("message", message)
        fields.set("data", data)
        return fields.value
    }

    init(json: JSONValue) throws(DecodingFailure) {
        let fields = JSONFields(json)
        guard let sequence = fields.int("seq"), let time = fields.time("time"), let type = fields.string("type") else {
            throw DecodingFailure(what: "timeline entry")
        }
        self.init(
            sequence: sequence,
            time: time,
            type: type,
            stepID: fields.string("step_id"),
            jobID: fields.string("job_id"),
            status: fields.string("status"),
            message: fields.string("message"),
            data: fields.json("data")
        )
    }
}

extension RunState {
    /// The run as JSON, without its timeline (the store keeps that apart, append-only).
    var json: JSONValue {
        var fields = JSONFields()
        fields.set("id", id)
        fields.set("workflow_id", workflowID)
        fields.set("workflow_version", workflowVersion)
        fields.set("definition_digest", definitionDigest)
        fields.set("org_id", orgID)
        fields.set("input", input)
        fields.set("context", context.isEmpty ? nil : JSONValue.object(context))
        fields.set("status", status.rawValue)
        fields.set("created_at", createdAt)
        fields.set("started_at", startedAt)
        fields.set("completed_at", completedAt)
        fields.set("deadline", deadline)
        fields.set("dry_run", dryRun)
        fields.set("rerun_of", rerunOf)
        fields.set("rerun_step", rerunStep)
        fields.set("error", error?.json)
        fields.set("next_wakeup", nextWakeup)
        fields.set("parent", parent?.json)
        fields.set("steps", JSONValue.object(steps.mapValues(\.json)))
        return fields.value
    }

    init(json: JSONValue, timeline: [TimelineEntry]) throws(DecodingFailure) {
        let fields = JSONFields(json)
        guard let id = fields.string("id"), let workflowID = fields.string("workflow_id"),
            let digest = fields.string("definition_digest"),
            let status = fields.string("status").flatMap(RunStatus.init(rawValue:)),
            let createdAt = fields.time("created_at")
        else { throw DecodingFailure(what: "run state") }
        self.init(
            id: id,
            workflowID: workflowID,
            workflowVersion: fields.string("workflow_version"),
            definitionDigest: digest,
            orgID: fields.string("org_id"),
            input: fields.json("input") ?? .null,
            createdAt: createdAt,
            dryRun: fields.bool("dry_run")
        )
        self.status = status
        context = fields.json("context")?.objectValue ?? [:]
        startedAt = fields.time("started_at")
        completedAt = fields.time("completed_at")
        deadline = fields.time("deadline")
        rerunOf = fields.string("rerun_of")
        rerunStep = fields.string("rerun_step")
        error = StepError(json: fields.json("error"))
        nextWakeup = fields.time("next_wakeup")
        parent = SubworkflowParent(json: fields.json("parent"))
        for (key, value) in fields.json("steps")?.objectValue ?? [:] { steps[key] = try StepState(json: value) }
        self.timeline = timeline
    }
}

extension EngineAction {
    /// The actions that leave the engine, as JSON for the outbox; nil for bookkeeping actions.
    var outboxJSON: JSONValue? {
        switch self {
        case .dispatch(let request):
            var fields = JSONFields()
            fields.set("kind", "dispatch")
            fields.set("job_id", request.jobID)
            fields.set("run_id", request.runID)
            fields.set("workflow_id", request.workflowID)
            fields.set("step_id", request.stepID)
            fields.set("attempt", request.attempt)
            fields.set("topic", request.topic)
            fields.set("worker_id", request.workerID)
            fields.set("payload", request.payload)
            var meta = JSONFields()
            meta.set("actor_id", request.meta.actorID)
            meta.set("actor_type", request.meta.actorType)
            meta.set("idempotency_key", request.meta.idempotencyKey)
            meta.set("pack_id", request.meta.packID)
            meta.set("capability", request.meta.capability)
            meta.set("risk_tags", request.meta.riskTags)
            meta.set("requires", request.meta.requires)
            meta.set("labels", request.meta.labels)
            if let lock = request.meta.lock {
                meta.set("lock", lock.json)
            }
            fields.set("meta", meta.value)
            fields.set("idempotency_key", request.idempotencyKey)
            if let lock = request.lock {
                fields.set("lock", JobLockJSON.encode(lock))
            }
            fields.set("labels", request.labels)
            fields.set("deadline", request.deadline)
            fields.set("dry_run", request.dryRun)
            fields.set("tenant_id", request.tenantID)
            fields.set("foreach_index", request.forEachIndex)
            fields.set("priority", request.priority.rawValue)
            fields.set("memory_id", request.memoryID)
            fields.set("env", request.env)
            return fields.value
        case .cancelJob(let jobID, let reason):
            return ["kind": "cancel", "job_id": .string(jobID), "reason": .string(reason)]
        case .notify(let notification):
            var fields = JSONFields()
            fields.set("kind", "notify")
            fields.set("run_id", notification.runID)
            fields.set("tenant_id", notification.tenantID)
            fields.set("step_id", notification.stepID)
            fields.set("level", notification.level)
            fields.set("message", notification.message)
            fields.set("code", notification.code)
            fields.set("component", notification.component)
            fields.set("payload", notification.payload)
            return fields.value
        case .startSubworkflow(let request):
            var fields = JSONFields()
            fields.set("kind", "start_subworkflow")
            fields.set("run_id", request.runID)
            fields.set("workflow_id", request.workflowID)
            fields.set("input", request.input)
            fields.set("parent", request.parent.json)
            fields.set("dry_run", request.dryRun)
            fields.set("org_id", request.orgID)
            return fields.value
        case .cancelSubworkflow(let runID, let reason):
            return ["kind": "cancel_subworkflow", "run_id": .string(runID), "reason": .string(reason)]
        case .notifyParent(let parentRunID, let result):
            var fields = JSONFields()
            fields.set("kind", "notify_parent")
            fields.set("parent_run_id", parentRunID)
            fields.set("result", result.json)
            return fields.value
        case .storeArtifact(let request):
            var fields = JSONFields()
            fields.set("kind", "store_artifact")
            fields.set("run_id", request.runID)
            fields.set("workflow_id", request.workflowID)
            fields.set("step_id", request.stepID)
            fields.set("attempt", request.attempt)
            fields.set("tenant_id", request.tenantID)
            // The content always comes from a rendered string or JSON value, so it is valid UTF-8.
            fields.set("content", String(decoding: request.content, as: UTF8.self))
            fields.set("content_type", request.contentType)
            fields.set("name", request.name)
            fields.set("retention", request.retention)
            fields.set("labels", request.labels)
            return fields.value
        case .scheduleWakeup, .finished:
            return nil
        }
    }

    init(outboxJSON json: JSONValue) throws(DecodingFailure) {
        let fields = JSONFields(json)
        switch fields.string("kind") {
        case "dispatch":
            guard let jobID = fields.string("job_id"), let runID = fields.string("run_id"),
                let workflowID = fields.string("workflow_id"), let stepID = fields.string("step_id"),
                let attempt = fields.int("attempt"), let topic = fields.string("topic")
            else { throw DecodingFailure(what: "dispatch") }
            let meta = JSONFields(fields.json("meta"))
            self = .dispatch(
                JobRequest(
                    jobID: jobID,
                    runID: runID,
                    workflowID: workflowID,
                    stepID: stepID,
                    attempt: attempt,
                    topic: topic,
                    workerID: fields.string("worker_id"),
                    payload: fields.json("payload") ?? .null,
                    meta: StepMeta(
                        actorID: meta.string("actor_id"),
                        actorType: meta.string("actor_type"),
                        idempotencyKey: meta.string("idempotency_key"),
                        packID: meta.string("pack_id"),
                        capability: meta.string("capability"),
                        riskTags: meta.strings("risk_tags"),
                        requires: meta.strings("requires"),
                        labels: meta.stringMap("labels"),
                        lock: meta.json("lock").flatMap(StepLock.init(json:))
                    ),
                    idempotencyKey: fields.string("idempotency_key"),
                    lock: fields.json("lock").flatMap(JobLockJSON.decode),
                    labels: fields.stringMap("labels"),
                    deadline: fields.time("deadline"),
                    dryRun: fields.bool("dry_run"),
                    tenantID: fields.string("tenant_id"),
                    forEachIndex: fields.int("foreach_index"),
                    priority: fields.string("priority").flatMap(JobPriority.init(rawValue:)) ?? .batch,
                    memoryID: fields.string("memory_id") ?? "run:\(runID)",
                    env: fields.stringMap("env")
                )
            )
        case "cancel":
            guard let jobID = fields.string("job_id") else { throw DecodingFailure(what: "cancel") }
            self = .cancelJob(jobID: jobID, reason: fields.string("reason") ?? "")
        case "notify":
            guard let runID = fields.string("run_id"), let stepID = fields.string("step_id") else {
                throw DecodingFailure(what: "notify")
            }
            self = .notify(
                WorkflowNotification(
                    runID: runID,
                    tenantID: fields.string("tenant_id"),
                    stepID: stepID,
                    level: fields.string("level") ?? "INFO",
                    message: fields.string("message") ?? "",
                    code: fields.string("code"),
                    component: fields.string("component") ?? "workflow-engine",
                    payload: fields.json("payload") ?? .null
                )
            )
        case "start_subworkflow":
            guard let runID = fields.string("run_id"), let workflowID = fields.string("workflow_id"),
                let parent = SubworkflowParent(json: fields.json("parent"))
            else { throw DecodingFailure(what: "start_subworkflow") }
            self = .startSubworkflow(
                SubworkflowRequest(
                    runID: runID,
                    workflowID: workflowID,
                    input: fields.json("input") ?? .null,
                    parent: parent,
                    dryRun: fields.bool("dry_run"),
                    orgID: fields.string("org_id")
                )
            )
        case "cancel_subworkflow":
            guard let runID = fields.string("run_id") else { throw DecodingFailure(what: "cancel_subworkflow") }
            self = .cancelSubworkflow(runID: runID, reason: fields.string("reason") ?? "")
        case "notify_parent":
            guard let parentRunID = fields.string("parent_run_id"),
                let result = SubworkflowResult(json: fields.json("result"))
            else { throw DecodingFailure(what: "notify_parent") }
            self = .notifyParent(parentRunID: parentRunID, result)
        case "store_artifact":
            guard let runID = fields.string("run_id"), let workflowID = fields.string("workflow_id"),
                let stepID = fields.string("step_id"), let attempt = fields.int("attempt"),
                let content = fields.string("content"), let contentType = fields.string("content_type")
            else { throw DecodingFailure(what: "store_artifact") }
            self = .storeArtifact(
                ArtifactRequest(
                    runID: runID,
                    workflowID: workflowID,
                    stepID: stepID,
                    attempt: attempt,
                    tenantID: fields.string("tenant_id"),
                    content: Array(content.utf8),
                    contentType: contentType,
                    name: fields.string("name"),
                    retention: fields.string("retention") ?? "standard",
                    labels: fields.stringMap("labels")
                )
            )
        default:
            throw DecodingFailure(what: "outbox action")
        }
    }
}

extension SubworkflowParent {
    var json: JSONValue { ["run_id": .string(runID), "step_id": .string(stepID), "depth": .integer(depth)] }
    init?(json: JSONValue?) {
        guard let runID = json?["run_id"]?.stringValue, let stepID = json?["step_id"]?.stringValue,
            let depth = json?["depth"]?.intValue
        else { return nil }
        self.init(runID: runID, stepID: stepID, depth: depth)
    }
}

extension SubworkflowResult {
    var json: JSONValue {
        var fields = JSONFields()
        fields.set("run_id", runID)
        fields.set("status", status.rawValue)
        fields.set("outputs", JSONValue.object(outputs))
        fields.set("error", error?.json)
        return fields.value
    }
    init?(json: JSONValue?) {
        let fields = JSONFields(json)
        guard let runID = fields.string("run_id"),
            let status = fields.string("status").flatMap(RunStatus.init(rawValue:))
        else { return nil }
        self.init(
            runID: runID,
            status: status,
            outputs: fields.json("outputs")?.objectValue ?? [:],
            error: StepError(json: fields.json("error"))
        )
    }
}

extension StepLock {
    var json: JSONValue {
        var fields: [String: JSONValue] = ["resource": .string(resource), "mode": .string(mode.rawValue)]
        if let ttlSeconds { fields["ttl_sec"] = .integer(ttlSeconds) }
        return .object(fields)
    }

    init?(json: JSONValue) {
        guard let resource = json["resource"]?.stringValue,
            let mode = json["mode"]?.stringValue.flatMap(LockMode.init(rawValue:))
        else { return nil }
        self.init(resource: resource, mode: mode, ttlSeconds: json["ttl_sec"]?.intValue)
    }
}

/// A rendered job lock in the outbox.
enum JobLockJSON {
    static func encode(_ lock: JobLock) -> JSONValue {
        StepLock(resource: lock.resource, mode: lock.mode, ttlSeconds: lock.ttlSeconds).json
    }

    static func decode(_ json: JSONValue) -> JobLock? {
        StepLock(json: json).map { JobLock(resource: $0.resource, mode: $0.mode, ttlSeconds: $0.ttlSeconds) }
    }
}
