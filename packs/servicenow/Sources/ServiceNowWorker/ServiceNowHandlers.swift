import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

/// What the servicenow worker does around WorkerKit's action runtime (``ServiceNowWorker``): single records out of
/// the Table API's `{"result": …}`, numbers resolved to sys_ids, production routing, relation directions.
struct ServiceNowHandlers: Sendable {
    let runtime: ActionRuntime<CredentialTransport>

    var transport: CredentialTransport { runtime.transport }

    /// The record fields that name a record of a table, by action.
    static let recordFields: [String: (field: String, table: String)] = [
        "incidents.update": ("incident", "incident"), "incidents.resolve": ("incident", "incident"),
        "incidents.work-note": ("incident", "incident"), "changes.update": ("change", "change_request"),
        "changes.work-note": ("change", "change_request"), "prod.changes.update": ("change", "change_request"),
    ]

    func run(_ action: Action, context: JobContext, input: JSONValue) async throws -> JSONValue {
        switch action.name {
        case "incidents.get", "changes.get":
            return try single(try await runtime.run(action, context: context, input: input), input: input)
        case "cmdb.ci.get":
            return try await ci(action, context: context, input: input)
        case "cmdb.relations":
            return relations(try await runtime.run(action, context: context, input: input), ci: input["ci"])
        case "changes.create", "prod.changes.create":
            try route(action, ci: input["ci"]?.stringValue ?? "", input: input)
            return unwrapped(try await runtime.run(action, context: context, input: input))
        default:
            guard action.isWrite, let record = Self.recordFields[action.name] else {
                return unwrapped(try await runtime.run(action, context: context, input: input))
            }
            return try await write(action, record: record, context: context, input: input)
        }
    }

    // MARK: single records

    /// `result` as the record itself: the object of a GET by sys_id, or the one record of a query.
    func single(_ output: JSONValue, input: JSONValue, noun: String? = nil) throws(WorkerError) -> JSONValue {
        guard var members = output.objectValue, let answer = members["result"]?["result"] else { return output }
        if let records = answer.arrayValue {
            let name = input["incident"] ?? input["change"] ?? input["ci"] ?? .null
            let what = noun ?? "record"
            guard let record = records.first else {
                throw WorkerError(
                    code: .notFound,
                    message: "ServiceNow has no \(what) \(JSONEncoding.compact(name)) (or the account cannot see it)."
                )
            }
            guard records.count == 1 else {
                throw WorkerError(
                    code: .conflict,
                    message:
                        "ServiceNow has several \(what)s named \(JSONEncoding.compact(name)); name it by its sys_id."
                )
            }
            members["result"] = record
        } else if members["dry_run"]?.boolValue != true {
            members["result"] = answer
        }
        return .object(members)
    }

    /// `output` with `result` unwrapped from `{"result": …}` (writes).
    func unwrapped(_ output: JSONValue) -> JSONValue {
        guard var members = output.objectValue, let record = members["result"]?["result"] else { return output }
        members["result"] = record
        return .object(members)
    }

    func ci(_ action: Action, context: JobContext, input: JSONValue) async throws -> JSONValue {
        let output = try single(
            try await runtime.run(action, context: context, input: input),
            input: input,
            noun: "configuration item"
        )
        guard var members = output.objectValue else { return output }
        let profile = try transport.profile(for: input).vendorProfile
        let record = members["result"] ?? .null
        let names = [record["name"], record["sys_id"]].compactMap { Self.text($0) }
        members["production"] = .bool(names.contains { ServiceNowConfiguration.isProduction($0, profile: profile) })
        return .object(members)
    }

    /// A field's raw text: a string, or the `value` of `{value, display_value, link}`.
    static func text(_ value: JSONValue?) -> String? {
        value?.stringValue ?? value?["value"]?.stringValue
    }

    /// A field's display text: a string, or the `display_value` of `{value, display_value}`.
    static func display(_ value: JSONValue?) -> String? {
        value?["display_value"]?.stringValue ?? value?.stringValue
    }

    func relations(_ output: JSONValue, ci: JSONValue?) -> JSONValue {
        guard var members = output.objectValue, let items = members["items"]?.arrayValue else { return output }
        let id = ci?.stringValue
        members["items"] = .array(
            items.map { item in
                guard var relation = item.objectValue else { return item }
                relation["direction"] = Self.text(item["parent"]) == id ? "downstream" : "upstream"
                // Asked with display values (to name the related CIs): the relation's own sys_id as plain text.
                if let sysID = Self.text(item["sys_id"]) { relation["sys_id"] = .string(sysID) }
                return .object(relation)
            }
        )
        return .object(members)
    }

    // MARK: writes on records

    /// A write on a record named by sys_id or number: a number is resolved first (a dry run plans with it and says
    /// so); a change's update reads the change's CI for production routing.
    func write(
        _ action: Action,
        record: (field: String, table: String),
        context: JobContext,
        input: JSONValue
    ) async throws -> JSONValue {
        let id = input[record.field]?.stringValue ?? ""
        let routed = action.name.hasSuffix("changes.update")
        if context.isDryRun || input["dry_run"]?.boolValue == true {
            guard var plan = unwrapped(try await runtime.run(action, context: context, input: input)).objectValue
            else { return .null }
            var notes: [String: JSONValue] = [:]
            if !ServiceNowAction.isSysID(id) {
                notes["\(record.field)"] = .string("the sys_id of \(id), looked up when sent")
            }
            if routed { notes["production"] = "the change's CI is checked against prod_cis when sent" }
            if !notes.isEmpty { plan["resolve"] = .object(notes) }
            return .object(plan)
        }
        var members = input.objectValue ?? [:]
        if routed || !ServiceNowAction.isSysID(id) {
            let fields = routed ? "sys_id,number,cmdb_ci" : "sys_id,number"
            let found = try await lookup(
                record.table,
                id: id,
                fields: fields,
                action: action,
                input: input,
                context: context
            )
            if routed {
                let ci = found["cmdb_ci"]
                try route(action, ci: Self.display(ci) ?? "", also: Self.text(ci), input: input)
            }
            members[record.field] = found["sys_id"] ?? .null
        }
        return unwrapped(try await runtime.run(action, context: context, input: .object(members)))
    }

    /// One record by sys_id or number, with `fields` (display values too).
    func lookup(
        _ table: String,
        id: String,
        fields: String,
        action: Action,
        input: JSONValue,
        context: JobContext
    ) async throws -> JSONValue {
        typealias Query = ActionRequest.QueryItem
        var query = [Query("sysparm_fields", fields), Query("sysparm_display_value", "all")]
        var path = "\(ServiceNowAction.table)/\(table)"
        if ServiceNowAction.isSysID(id) {
            path += "/\(id)"
        } else {
            var encoded = EncodedQuery()
            try encoded.add("number", equals: id)
            query = [Query("sysparm_query", encoded.text), Query("sysparm_limit", "1")] + query
        }
        let profile = try transport.profile(for: input)
        try context.checkCancellation()
        let answer = try await transport.send(
            runtime.request(ActionRequest(method: .GET, path: path, query: query), action: action, profile: profile),
            profile: profile,
            action: action.name,
            logger: context.logger
        )
        let result = try answer.json(vendor: "ServiceNow")["result"] ?? .null
        let record = result.arrayValue.map { $0.first ?? .null } ?? result
        guard record != .null else {
            throw WorkerError(
                code: .notFound,
                message: "ServiceNow has no \(table) record \"\(id)\" (or the account cannot see it)."
            )
        }
        // With display values, sys_id and number come as {value, display_value}.
        var plain = record.objectValue ?? [:]
        for key in ["sys_id", "number"] { if let text = Self.text(plain[key]) { plain[key] = .string(text) } }
        return .object(plain)
    }

    /// Refuses a production CI on a plain topic, and any other CI on a `prod.` topic.
    func route(_ action: Action, ci: String, also other: String? = nil, input: JSONValue) throws(WorkerError) {
        let profile = try transport.profile(for: input)
        let names = [ci] + (other.map { [$0] } ?? [])
        let production = names.contains { ServiceNowConfiguration.isProduction($0, profile: profile.vendorProfile) }
        let isProdTopic = action.name.hasPrefix("prod.")
        let plain = isProdTopic ? String(action.name.dropFirst("prod.".count)) : action.name
        if production, !isProdTopic {
            throw WorkerError(
                code: .resourceNotAllowed,
                message:
                    "The configuration item \"\(ci)\" is production for profile \"\(profile.name)\" (prod_cis); send \(plain) on job.servicenow.prod.\(plain), which the policy approves job by job."
            )
        }
        if !production, isProdTopic {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The configuration item \"\(ci)\" is not production for profile \"\(profile.name)\" (prod_cis); send \(plain) on job.servicenow.\(plain)."
            )
        }
    }
}
