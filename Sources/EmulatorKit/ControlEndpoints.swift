import StructuredData

/// The `/_emulator/...` endpoints: faults, the request log, reset and health, for tests in any language.
///
/// Nothing a client sends here can stop the process: every bad body, value or failure becomes an answer with a
/// `message` and a stable `code` (`invalid_json`, `invalid_fault`, `reset_failed`, `no_such_fault`,
/// `unknown_endpoint`).
struct ControlEndpoints {
    let pipeline: EmulatorPipeline

    func respond(to request: EmulatorRequest) -> EmulatorResponse {
        let segments = Array(request.pathSegments.dropFirst())
        switch (request.method, segments) {
        case ("GET", ["health"]):
            return .json(["status": "ok"])
        case ("GET", ["faults"]):
            return .json(["faults": .array(pipeline.faults.rules.map(\.json))])
        case ("POST", ["faults"]):
            return addFaults(request)
        case ("DELETE", ["faults"]):
            pipeline.faults.clear()
            return .empty()
        case ("DELETE", let path) where path.count == 2 && path[0] == "faults":
            return pipeline.faults.remove(path[1])
                ? .empty() : Self.failure("no_such_fault", "no fault rule with id `\(path[1])`", status: 404)
        case ("GET", ["requests"]):
            return .json(["requests": .array(pipeline.requestLog.entries.map(\.json))])
        case ("GET", ["exchanges"]):
            var response = EmulatorResponse(status: 200, body: Array(pipeline.requestLog.exchangeLog().utf8))
            response.headers["content-type"] = "application/x-ndjson"
            return response
        case ("DELETE", ["requests"]):
            pipeline.requestLog.clear()
            return .empty()
        case ("POST", ["reset"]):
            do {
                try pipeline.reset()
                return .empty()
            } catch {
                return Self.failure(error, status: 500)
            }
        default:
            return .json(
                [
                    "message": .string("unknown control endpoint \(request.method) \(request.path)"),
                    "code": "unknown_endpoint",
                    "endpoints": [
                        "GET /_emulator/health", "GET|POST|DELETE /_emulator/faults", "DELETE /_emulator/faults/{id}",
                        "GET|DELETE /_emulator/requests", "POST /_emulator/reset",
                    ],
                ],
                status: 404
            )
        }
    }

    private func addFaults(_ request: EmulatorRequest) -> EmulatorResponse {
        do {
            guard let body = try request.jsonBody() else {
                throw EmulatorError.invalidFault(
                    field: "(body)",
                    message: "must be a fault rule object or {\"faults\": [rules]} (got an empty body)"
                )
            }
            let documents: [JSONValue]
            if let list = body["faults"] {
                guard let array = list.arrayValue else {
                    throw EmulatorError.invalidFault(field: "faults", message: "must be an array of rules")
                }
                documents = array
            } else {
                documents = [body]
            }
            var rules: [FaultRule] = []
            for document in documents { rules.append(try FaultRule(json: document)) }
            let added = rules.map { rule -> JSONValue in
                var stored = rule
                stored.id = pipeline.faults.add(rule)
                return stored.json
            }
            return .json(["faults": .array(added)], status: 201)
        } catch let error as EmulatorError {
            return Self.failure(error, status: 400)
        } catch {
            return Self.failure("invalid_fault", String(describing: error), status: 400)
        }
    }

    private static func failure(_ error: EmulatorError, status: Int) -> EmulatorResponse {
        failure(error.code, error.description, status: status)
    }

    private static func failure(_ code: String, _ message: String, status: Int) -> EmulatorResponse {
        .json(["message": .string(message), "code": .string(code)], status: status)
    }
}
