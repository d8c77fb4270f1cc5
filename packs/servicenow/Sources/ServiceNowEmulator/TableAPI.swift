import EmulatorKit
import Foundation
import StructuredData

/// ServiceNow's error answer: `{"error": {"message", "detail"}, "status": "failure"}` with its status.
struct ServiceNowError: Error, EmulatorResponseError {
    var status: Int
    var message: String
    var detail: String = ""

    var response: EmulatorResponse {
        .json(
            ["error": ["message": .string(message), "detail": .string(detail)], "status": "failure"],
            status: status
        )
    }

    static let noRecord = ServiceNowError(
        status: 404,
        message: "No Record found",
        detail: "Record doesn't exist or ACL restricts the record retrieval"
    )
}

/// The Table API (`/api/now/table/{table}[/{sys_id}]`) and `oauth_token.do`, answered from ``ServiceNowWorld``.
struct TableAPI {
    let state: SeededState<ServiceNowWorld>
    static let base = "/api/now/table"
    static let authenticator = CallerAuthenticator(schemes: [.basic, .bearer]) { _ in
        ServiceNowError(status: 401, message: "User Not Authenticated", detail: "Required to provide Auth information")
            .response
    }

    var router: EmulatorRouter {
        var router = EmulatorRouter()
        router.add("POST", "/oauth_token.do") { request, _ in try self.token(request) }
        router.add("GET", "\(Self.base)/{table}") { request, p in try self.list(request, p["table"]) }
        router.add("POST", "\(Self.base)/{table}") { request, p in try self.create(request, p["table"]) }
        router.add("GET", "\(Self.base)/{table}/{id}") { request, p in try self.get(request, p["table"], p["id"]) }
        router.add("PATCH", "\(Self.base)/{table}/{id}") { request, p in try self.update(request, p["table"], p["id"]) }
        router.add("PUT", "\(Self.base)/{table}/{id}") { request, p in try self.update(request, p["table"], p["id"]) }
        router.add("DELETE", "\(Self.base)/{table}/{id}") { request, p in try self.delete(request, p["table"], p["id"])
        }
        return router
    }

    func authenticate(_ request: EmulatorRequest) throws {
        let registry = state.withLock { $0.credentials }
        _ = try Self.authenticator.authenticate(request, registry: registry, now: 0)
    }

    // MARK: rendering

    /// A record as the Table API answers it: `sysparm_fields`, and references as `{link, value}` (false), the
    /// display value (true) or `{display_value, link, value}` (all).
    func render(_ record: ServiceNowWorld.Record, _ world: ServiceNowWorld, _ request: EmulatorRequest) -> JSONValue {
        // ServiceNow reads its flags without case (pysnow sends Python's "False"); an empty field list means all.
        let display = (request.queryValue("sysparm_display_value") ?? "false").lowercased()
        let fields = request.queryValue("sysparm_fields").flatMap { list in
            list.isEmpty ? nil : list.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        var out: [String: JSONValue] = [:]
        let names = fields ?? record.keys.sorted()
        for name in names {
            let value =
                name.contains(".") ? EncodedQueryMatcher.value(name, record, world) : (record[name] ?? "")
            guard let table = ServiceNowWorld.references[name], !name.contains("."), !value.isEmpty else {
                out[name] =
                    display == "all" ? ["display_value": .string(value), "value": .string(value)] : .string(value)
                continue
            }
            let link = "\(request.baseURL)\(Self.base)/\(table)/\(value)"
            let shown = world.display(name, value)
            switch display {
            case "true": out[name] = .string(shown)
            case "all": out[name] = ["display_value": .string(shown), "link": .string(link), "value": .string(value)]
            default: out[name] = ["link": .string(link), "value": .string(value)]
            }
        }
        return .object(out)
    }

    // MARK: handlers

    func list(_ request: EmulatorRequest, _ table: String) throws -> EmulatorResponse {
        try authenticate(request)
        let matcher: EncodedQueryMatcher
        do {
            matcher = try EncodedQueryMatcher(request.queryValue("sysparm_query") ?? "")
        } catch let invalid as EncodedQueryMatcher.Invalid {
            throw ServiceNowError(status: 400, message: invalid.message)
        }
        let limit = Int(request.queryValue("sysparm_limit") ?? "") ?? 10_000
        let offset = Int(request.queryValue("sysparm_offset") ?? "") ?? 0
        guard limit >= 1, offset >= 0 else {
            throw ServiceNowError(status: 400, message: "sysparm_limit and sysparm_offset must be whole numbers")
        }
        return state.withLock { world in
            let matching = matcher.sorted(world.records(table).filter { matcher.matches($0, in: world) }, in: world)
            let page = matching.dropFirst(offset).prefix(limit)
            var headers = ["x-total-count": String(matching.count)]
            headers["link"] = link(request, offset: offset, limit: limit, total: matching.count)
            return .json(["result": .array(page.map { render($0, world, request) })], headers: headers)
        }
    }

    /// `Link` with first, prev, next and last, as ServiceNow sends.
    func link(_ request: EmulatorRequest, offset: Int, limit: Int, total: Int) -> String {
        func url(_ at: Int) -> String {
            let others = request.query.filter { $0.name != "sysparm_offset" && $0.name != "sysparm_limit" }
            let items =
                others.map { "\($0.name)=\(Self.encode($0.value))" } + [
                    "sysparm_limit=\(limit)", "sysparm_offset=\(at)",
                ]
            return "<\(request.baseURL)\(request.path)?\(items.joined(separator: "&"))>"
        }
        var links = ["\(url(0));rel=\"first\""]
        if offset > 0 { links.append("\(url(max(0, offset - limit)));rel=\"prev\"") }
        if offset + limit < total { links.append("\(url(offset + limit));rel=\"next\"") }
        links.append("\(url(max(0, (total - 1) / limit * limit)));rel=\"last\"")
        return links.joined(separator: ",")
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    func get(_ request: EmulatorRequest, _ table: String, _ id: String) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world in
            guard let record = world.record(table, id) else { throw ServiceNowError.noRecord }
            return .json(["result": render(record, world, request)])
        }
    }

    /// The body's fields as the Table API stores them (strings), references resolved, journal fields apart.
    func fields(_ request: EmulatorRequest, _ world: ServiceNowWorld) throws -> (
        ServiceNowWorld.Record, [String: String]
    ) {
        guard let body = try? request.jsonBody(), let object = body.objectValue else {
            throw ServiceNowError(
                status: 400,
                message: "Exception while reading request",
                detail: "The payload is not valid JSON."
            )
        }
        var record: ServiceNowWorld.Record = [:]
        var journal: [String: String] = [:]
        for (name, value) in object {
            let text: String
            switch value {
            case .string(let string): text = string
            case .integer(let number): text = String(number)
            case .bool(let flag): text = flag ? "true" : "false"
            case .number(let number): text = String(number)
            default: continue
            }
            if name == "work_notes" || name == "comments" {
                journal[name] = text
            } else {
                record[name] = world.resolve(name, text)
            }
        }
        record["sys_id"] = nil
        record["number"] = nil
        return (record, journal)
    }

    func create(_ request: EmulatorRequest, _ table: String) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world in
            var (fields, journal) = try fields(request, world)
            if table == "incident" { fields["state"] = fields["state"] ?? "1"; fields["active"] = "true" }
            if table == "change_request" {
                fields["state"] = fields["state"] ?? "-5"
                if let template = fields["std_change_producer_version"] {
                    guard world.record("std_change_producer_version", template) != nil else {
                        throw ServiceNowError(status: 400, message: "Invalid standard change template \(template)")
                    }
                    fields["type"] = "standard"
                }
            }
            let record = world.insert(table, fields)
            for (field, value) in journal {
                world.journal.append(.init(table: table, sysID: record["sys_id"] ?? "", field: field, value: value))
            }
            return .json(
                ["result": render(record, world, request)],
                status: 201,
                headers: [
                    "location": "\(request.baseURL)\(Self.base)/\(table)/\(record["sys_id"] ?? "")"
                ]
            )
        }
    }

    func update(_ request: EmulatorRequest, _ table: String, _ id: String) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world in
            let storage = ServiceNowWorld.storage(table)
            guard let index = world.tables[storage]?.firstIndex(where: { $0["sys_id"] == id }) else {
                throw ServiceNowError.noRecord
            }
            let (fields, journal) = try fields(request, world)
            world.tables[storage]![index].merge(fields) { _, new in new }
            if table == "incident", let state = fields["state"] {
                world.tables[storage]![index]["active"] = ["6", "7", "8"].contains(state) ? "false" : "true"
            }
            world.tables[storage]![index]["sys_updated_on"] = "2026-12-07 10:00:00"
            for (field, value) in journal {
                world.journal.append(.init(table: table, sysID: id, field: field, value: value))
            }
            return .json(["result": render(world.tables[storage]![index], world, request)])
        }
    }

    func delete(_ request: EmulatorRequest, _ table: String, _ id: String) throws -> EmulatorResponse {
        try authenticate(request)
        return try state.withLock { world in
            let storage = ServiceNowWorld.storage(table)
            guard let index = world.tables[storage]?.firstIndex(where: { $0["sys_id"] == id }) else {
                throw ServiceNowError.noRecord
            }
            world.tables[storage]!.remove(at: index)
            return .empty(status: 204)
        }
    }

    /// `oauth_token.do`: the client credentials, password and refresh token grants (form body).
    func token(_ request: EmulatorRequest) throws -> EmulatorResponse {
        var form: [String: String] = [:]
        for pair in request.bodyText.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { form[parts[0]] = parts[1] }
        }
        if let basic = request.header("authorization"), basic.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(basic.dropFirst(6))), let pair = String(data: data, encoding: .utf8),
            let colon = pair.firstIndex(of: ":")
        {
            form["client_id"] = String(pair[..<colon]).removingPercentEncoding
            form["client_secret"] = String(pair[pair.index(after: colon)...]).removingPercentEncoding
        }
        func refuse(_ error: String, _ status: Int = 401) -> EmulatorResponse {
            .json(["error": .string(error), "error_description": "access_denied"], status: status)
        }
        return state.withLock { world in
            guard
                world.oauthClients.contains(where: { $0.id == form["client_id"] && $0.secret == form["client_secret"] })
            else { return refuse("invalid_client") }
            let subject: String
            switch form["grant_type"] {
            case "client_credentials":
                subject = form["client_id"] ?? ""
            case "password":
                guard let user = form["username"], world.passwords[user] == form["password"],
                    world.passwords[user] != nil
                else { return refuse("invalid_grant") }
                subject = user
            case "refresh_token":
                guard let token = form["refresh_token"], let user = world.refreshTokens[token] else {
                    return refuse("invalid_grant")
                }
                subject = user
            default:
                return refuse("unsupported_grant_type", 400)
            }
            world.issuedTokens += 1
            let access = "sn-access-\(world.newSysID())"
            world.credentials.register(.token(access), CallerGrant(subject: subject))
            var answer: [String: JSONValue] = [
                "access_token": .string(access), "token_type": "Bearer", "expires_in": 1799, "scope": "useraccount",
            ]
            if form["grant_type"] != "client_credentials" {
                let refresh = "sn-refresh-\(world.newSysID())"
                world.refreshTokens[refresh] = subject
                answer["refresh_token"] = .string(refresh)
            }
            return .json(.object(answer))
        }
    }
}
