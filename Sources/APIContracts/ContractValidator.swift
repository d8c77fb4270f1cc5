import Foundation
import JSONSchema
import StructuredData

/// Checks requests and responses against one description.
public struct ContractValidator: Sendable {
    /// The description.
    public let document: APIDocument
    private let router: OperationRouter
    let schemas: SchemaCache

    /// Prepares a validator (schemas compile on first use and are kept).
    /// - Parameters:
    ///   - document: the description.
    ///   - basePath: serve every operation under this base path instead of the description's servers/basePath
    ///     (e.g. `/v1` for Vault, whose description has no servers), or `nil`.
    public init(document: APIDocument, basePath: String? = nil) {
        self.document = document
        router = OperationRouter(document.operations, basePath: basePath.map(OperationReader.normalizedBase))
        schemas = SchemaCache(document: document)
    }

    /// The operation for a method and a path (no query), with its path parameters (percent-decoded).
    public func operation(method: String, path: String) -> (operation: APIOperation, pathParameters: [String: String])?
    {
        guard let (index, raw) = router.match(method: method, path: path) else { return nil }
        return (document.operations[index], raw.mapValues { $0.removingPercentEncoding ?? $0 })
    }

    /// Checks one exchange: the request, then (when the operation is known) the response.
    /// - Parameter number: the exchange's position in its log, for reports.
    public func check(_ exchange: HTTPExchange, number: Int = 1) -> [ContractViolation] {
        let request = exchange.request
        let label = "\(request.method) \(request.path)"
        guard let (operation, pathParameters) = operation(method: request.method, path: request.path) else {
            let others = OperationReader.methods.map { $0.uppercased() }.filter {
                $0 != request.method && router.match(method: $0, path: request.path) != nil
            }
            let hint = others.isEmpty ? "" : "; the path is described for \(others.joined(separator: ", "))"
            return [
                ContractViolation(
                    code: .unknownOperation,
                    exchange: number,
                    request: label,
                    operation: nil,
                    location: "request",
                    message: "no operation of \"\(document.title)\" matches \(label)\(hint)"
                )
            ]
        }
        var context = Context(operation: operation, number: number, label: label)
        checkParameters(request, pathParameters: pathParameters, &context)
        checkRequestBody(request, &context)
        if let response = exchange.response {
            checkResponse(response, method: request.method, &context)
        } else {
            context.add(.missingResponse, "response", "the log has no response for this request")
        }
        return context.violations
    }

    /// The violations found for one exchange, with what they need.
    struct Context {
        let operation: APIOperation
        let number: Int
        let label: String
        var violations: [ContractViolation] = []

        mutating func add(
            _ code: ContractViolation.Code,
            _ location: String,
            _ message: String,
            schemaPath: String = "",
            keyword: String = "",
            vendor: String = ""
        ) {
            violations.append(
                ContractViolation(
                    code: code,
                    exchange: number,
                    request: label,
                    operation: OperationReference(operation),
                    location: location,
                    schemaPath: schemaPath,
                    keyword: keyword,
                    message: message,
                    vendorDescription: vendor
                )
            )
        }
    }

    // MARK: - Parameters

    private static let ignoredHeaders: Set<String> = ["accept", "content-type", "authorization"]

    private func checkParameters(
        _ request: HTTPExchange.Request,
        pathParameters: [String: String],
        _ context: inout Context
    ) {
        let decoding = ParameterDecoding(document: document)
        let query = request.query
        let form = formFields(request)
        for parameter in context.operation.parameters {
            let location = "request.\(parameter.location.rawValue).\(parameter.name)"
            var values: [String]
            switch parameter.location {
            case .path: values = pathParameters[parameter.name].map { [$0] } ?? []
            case .query: values = query.filter { $0.name == parameter.name }.map(\.value)
            case .formData: values = form.filter { $0.name == parameter.name }.map(\.value)
            case .header:
                if Self.ignoredHeaders.contains(parameter.name.lowercased()) { continue }
                values = request.headers[parameter.name.lowercased()].map { [$0] } ?? []
            case .cookie: values = cookies(request.headers["cookie"])[parameter.name].map { [$0] } ?? []
            }
            var value: JSONValue?
            let isObject = decoding.type(of: decoding.resolved(parameter.schema)) == "object"
            if values.isEmpty, parameter.location == .query, parameter.style == "deepObject" {
                value = decoding.deepObject(named: parameter.name, from: query, schema: parameter.schema)
            } else if values.isEmpty, parameter.location == .query, parameter.explode, isObject {
                value = decoding.explodedObject(from: query, schema: parameter.schema)
            } else if !values.isEmpty {
                value = decoding.value(of: parameter, from: values)
            }
            guard let value else {
                if parameter.required {
                    context.add(
                        .missingParameter,
                        location,
                        "required \(parameter.location.rawValue) parameter \"\(parameter.name)\" is missing",
                        vendor: parameter.description
                    )
                }
                continue
            }
            validate(
                value,
                schemaAt: parameter.schemaPointer,
                schema: document.version == .swagger2 ? .some(parameter.schema) : JSONValue?.none,
                direction: .request,
                location: location,
                code: .invalidParameter,
                fallbackDescription: parameter.description,
                &context
            )
        }
    }

    /// The fields of a form body; for a JSON body (2.0 operations that consume both), its members as text.
    private func formFields(_ request: HTTPExchange.Request) -> [(name: String, value: String)] {
        guard !request.body.isEmpty else { return [] }
        let type = mediaType(request.headers["content-type"])
        if type == "application/x-www-form-urlencoded" { return FormDecoding.pairs(request.body) }
        guard type == "application/json", let object = (try? JSONParser.parse(request.body))?.objectValue else {
            return []
        }
        return object.sorted { $0.key < $1.key }.flatMap { name, value -> [(name: String, value: String)] in
            switch value {
            case .string(let text): [(name, text)]
            case .array(let items): items.map { (name, $0.stringValue ?? JSONEncoding.compact($0)) }
            default: [(name, JSONEncoding.compact(value))]
            }
        }
    }

    private func cookies(_ header: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (header ?? "").split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { result[parts[0]] = parts[1] }
        }
        return result
    }

    // MARK: - Bodies

    private func checkRequestBody(_ request: HTTPExchange.Request, _ context: inout Context) {
        guard let body = context.operation.requestBody else { return }
        if request.body.isEmpty {
            if body.required {
                context.add(.missingBody, "request.body", "the request body is required", vendor: body.description)
            }
            return
        }
        checkBody(
            request.body,
            contentType: request.headers["content-type"],
            content: body.content,
            direction: .request,
            location: "request.body",
            &context
        )
    }

    private func checkResponse(_ response: HTTPExchange.Response, method: String, _ context: inout Context) {
        guard let responses = JSONPointer.resolve(context.operation.responsesPointer, in: document.root)?.objectValue
        else { return }
        let status = String(response.status)
        let range = "\(response.status / 100)XX"
        guard
            let key = responses.keys.first(where: { $0 == status })
                ?? responses.keys.first(where: { $0.uppercased() == range })
                ?? responses.keys.first(where: { $0 == "default" })
        else {
            let documented = responses.keys.sorted().joined(separator: ", ")
            context.add(
                .undocumentedStatus,
                "response.status",
                "status \(status) is not documented for this operation; documented: \(documented)"
            )
            return
        }
        let pointer = JSONPointer.appending(context.operation.responsesPointer, key)
        let (value, resolvedPointer) = document.dereference(responses[key] ?? .null, at: pointer)
        guard !response.body.isEmpty, method != "HEAD" else { return }
        var content: [String: String?]
        if document.version == .swagger2 {
            guard value["schema"] != nil else { return }
            let produces =
                (JSONPointer.resolve(context.operation.pointer, in: document.root)?["produces"]
                ?? document.root["produces"])?.arrayValue?.compactMap(\.stringValue) ?? ["application/json"]
            let schemaPointer = JSONPointer.appending(resolvedPointer, "schema")
            content = Dictionary(produces.map { ($0.lowercased(), .some(schemaPointer)) }) { first, _ in first }
        } else {
            guard let media = value["content"]?.objectValue, !media.isEmpty else { return }
            let contentPointer = JSONPointer.appending(resolvedPointer, "content")
            content = [:]
            for (type, entry) in media {
                content[type.lowercased()] =
                    entry["schema"] == nil
                    ? .some(nil) : .some(JSONPointer.appending(JSONPointer.appending(contentPointer, type), "schema"))
            }
        }
        checkBody(
            response.body,
            contentType: response.headers["content-type"],
            content: content,
            direction: .response,
            location: "response.body",
            &context
        )
    }

    private func checkBody(
        _ text: String,
        contentType: String?,
        content: [String: String?],
        direction: SchemaTranslator.Direction,
        location: String,
        _ context: inout Context
    ) {
        let type = mediaType(contentType) ?? "application/json"
        let wildcard = (type.split(separator: "/").first.map { "\($0)/*" }) ?? "*/*"
        guard let entry = content[type] ?? content[wildcard] ?? content["*/*"] else {
            let documented = content.keys.sorted().joined(separator: ", ")
            context.add(
                .undocumentedContentType,
                location,
                "content type \(type) is not documented here; documented: \(documented)"
            )
            return
        }
        guard let schemaPointer = entry else { return }
        let value: JSONValue
        if type == "application/json" || type.hasSuffix("+json") {
            do {
                value = try JSONParser.parse(text)
            } catch {
                context.add(.malformedBody, location, "the body is not JSON: \(error.message)")
                return
            }
        } else if type == "application/x-www-form-urlencoded" {
            value = formObject(text, schemaAt: schemaPointer)
        } else {
            return
        }
        validate(
            value,
            schemaAt: schemaPointer,
            direction: direction,
            location: location,
            code: .invalidBody,
            &context
        )
    }

    /// A form body as an object, each member read as its property's type.
    private func formObject(_ text: String, schemaAt pointer: String) -> JSONValue {
        let decoding = ParameterDecoding(document: document)
        let schema = decoding.resolved(JSONPointer.resolve(pointer, in: document.root) ?? [:])
        var grouped: [String: [String]] = [:]
        for pair in FormDecoding.pairs(text) { grouped[pair.name, default: []].append(pair.value) }
        var object: [String: JSONValue] = [:]
        for (name, values) in grouped {
            let property = decoding.resolved(schema["properties"]?[name] ?? [:])
            object[name] =
                decoding.type(of: property) == "array"
                ? .array(values.map { decoding.scalar($0, property["items"] ?? [:]) })
                : decoding.scalar(values[0], property)
        }
        return .object(object)
    }

    // MARK: - Schemas

    private func validate(
        _ value: JSONValue,
        schemaAt pointer: String,
        schema: JSONValue? = nil,
        direction: SchemaTranslator.Direction,
        location: String,
        code: ContractViolation.Code,
        fallbackDescription: String = "",
        _ context: inout Context
    ) {
        switch schemas.schema(at: pointer, schema, direction: direction) {
        case .failure(let error):
            context.add(
                .unusableSchema,
                location,
                "the description's schema cannot be used: \(error.message)",
                schemaPath: "#" + pointer
            )
        case .success(let compiled):
            for error in compiled.schema.validate(value) {
                let (schemaPath, vendor, forbidden) = compiled.locate(error.schemaPath)
                var message = error.message
                if let forbidden, error.keyword == "not" {
                    message =
                        forbidden == "readOnly"
                        ? "the property is readOnly: a request must not send it"
                        : "the property is writeOnly: a response must not contain it"
                }
                context.add(
                    code,
                    location + error.instancePath,
                    message,
                    schemaPath: schemaPath,
                    keyword: error.keyword,
                    vendor: vendor.isEmpty ? fallbackDescription : vendor
                )
            }
        }
    }

    private func mediaType(_ header: String?) -> String? {
        guard let header, let first = header.split(separator: ";").first else { return nil }
        let type = first.trimmingCharacters(in: .whitespaces).lowercased()
        return type.isEmpty ? nil : type
    }
}
