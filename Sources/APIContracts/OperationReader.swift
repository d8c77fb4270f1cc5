import Foundation
import StructuredData

/// Reads the operations of a description: paths, methods, parameters, request bodies, base paths.
struct OperationReader {
    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    let root: JSONValue
    let version: APIDocument.Version
    let file: String

    func read() throws(APIContractsError) -> [APIOperation] {
        guard let paths = root["paths"] else { return [] }
        guard let pathItems = paths.objectValue else {
            throw APIContractsError(
                code: .invalidDocument,
                location: "\(file)#/paths",
                message: "`paths` must be an object of path templates; found \(paths.typeName)"
            )
        }
        let rootBasePaths =
            version == .swagger2
            ? [Self.normalizedBase(root["basePath"]?.stringValue ?? "")]
            : basePaths(ofServers: root["servers"]) ?? [""]
        var operations: [APIOperation] = []
        for template in pathItems.keys.sorted() {
            let itemPointer = JSONPointer.appending("/paths", template)
            let (item, _) = dereference(pathItems[template] ?? .null, at: itemPointer)
            guard item.objectValue != nil else { continue }
            let shared = parameters(item["parameters"], at: JSONPointer.appending(itemPointer, "parameters"))
            let itemBasePaths = basePaths(ofServers: item["servers"]) ?? rootBasePaths
            for method in Self.methods {
                guard let operation = item[method], operation.objectValue != nil else { continue }
                let pointer = JSONPointer.appending(itemPointer, method)
                operations.append(
                    read(
                        operation,
                        method: method,
                        template: template,
                        pointer: pointer,
                        shared: shared,
                        basePaths: basePaths(ofServers: operation["servers"]) ?? itemBasePaths
                    )
                )
            }
        }
        return operations
    }

    private func read(
        _ operation: JSONValue,
        method: String,
        template: String,
        pointer: String,
        shared: [APIParameter],
        basePaths: [String]
    ) -> APIOperation {
        var merged = shared
        for parameter in parameters(operation["parameters"], at: JSONPointer.appending(pointer, "parameters")) {
            merged.removeAll { $0.name == parameter.name && $0.location == parameter.location }
            merged.append(parameter)
        }
        var body: APIRequestBody?
        if version == .swagger2 {
            body = swaggerBody(operation, pointer: pointer, parameters: merged)
        } else if let requestBody = operation["requestBody"] {
            let (value, bodyPointer) = dereference(requestBody, at: JSONPointer.appending(pointer, "requestBody"))
            body = APIRequestBody(
                required: value["required"]?.boolValue ?? false,
                content: content(value["content"], at: JSONPointer.appending(bodyPointer, "content")),
                description: value["description"]?.stringValue ?? ""
            )
        }
        return APIOperation(
            operationID: operation["operationId"]?.stringValue,
            method: method.uppercased(),
            pathTemplate: template,
            pointer: pointer,
            basePaths: basePaths,
            parameters: merged,
            requestBody: body,
            responsesPointer: JSONPointer.appending(pointer, "responses"),
            summary: operation["summary"]?.stringValue ?? operation["description"]?.stringValue ?? ""
        )
    }

    /// Media type → schema pointer of a 3.x `content` object.
    private func content(_ value: JSONValue?, at pointer: String) -> [String: String?] {
        var result: [String: String?] = [:]
        for (mediaType, media) in value?.objectValue ?? [:] {
            let mediaPointer = JSONPointer.appending(pointer, mediaType)
            result[mediaType.lowercased()] =
                media["schema"] == nil ? .some(nil) : .some(JSONPointer.appending(mediaPointer, "schema"))
        }
        return result
    }

    /// A 2.0 body: the `in: body` parameter for each `consumes` type, or the form types for `formData`.
    private func swaggerBody(_ operation: JSONValue, pointer: String, parameters: [APIParameter]) -> APIRequestBody? {
        let consumes = (operation["consumes"] ?? root["consumes"])?.arrayValue?.compactMap(\.stringValue)
        let bodyParameter = bodyParameter(operation, pointer: pointer)
        if let (value, parameterPointer) = bodyParameter {
            let types = consumes ?? ["application/json"]
            let schemaPointer = JSONPointer.appending(parameterPointer, "schema")
            return APIRequestBody(
                required: value["required"]?.boolValue ?? false,
                content: Dictionary(types.map { ($0.lowercased(), .some(schemaPointer)) }) { first, _ in first },
                description: value["description"]?.stringValue ?? ""
            )
        }
        guard parameters.contains(where: { $0.location == .formData }) else { return nil }
        let types = consumes ?? ["application/x-www-form-urlencoded", "multipart/form-data"]
        return APIRequestBody(
            required: parameters.contains { $0.location == .formData && $0.required },
            content: Dictionary(types.map { ($0.lowercased(), String?.none) }) { first, _ in first },
            description: ""
        )
    }

    private func bodyParameter(_ operation: JSONValue, pointer: String) -> (JSONValue, String)? {
        for (index, entry) in (operation["parameters"]?.arrayValue ?? []).enumerated() {
            let parameterPointer = JSONPointer.appending(JSONPointer.appending(pointer, "parameters"), index)
            let (value, resolved) = dereference(entry, at: parameterPointer)
            if value["in"]?.stringValue == "body" { return (value, resolved) }
        }
        return nil
    }

    private func parameters(_ value: JSONValue?, at pointer: String) -> [APIParameter] {
        var result: [APIParameter] = []
        for (index, entry) in (value?.arrayValue ?? []).enumerated() {
            let (parameter, parameterPointer) = dereference(entry, at: JSONPointer.appending(pointer, index))
            guard let name = parameter["name"]?.stringValue, let where_ = parameter["in"]?.stringValue,
                let location = APIParameter.Location(rawValue: where_)
            else { continue }
            result.append(read(parameter, name: name, location: location, pointer: parameterPointer))
        }
        return result
    }

    private func read(
        _ parameter: JSONValue,
        name: String,
        location: APIParameter.Location,
        pointer: String
    ) -> APIParameter {
        var schema: JSONValue = [:]
        var schemaPointer = JSONPointer.appending(pointer, "schema")
        var style = location == .query || location == .cookie || location == .formData ? "form" : "simple"
        var explode = style == "form"
        var tabSeparated = false
        if version == .swagger2 {
            var fields = parameter.objectValue ?? [:]
            for key in ["name", "in", "required", "description", "collectionFormat", "allowEmptyValue"] {
                fields[key] = nil
            }
            schema = .object(fields)
            schemaPointer = pointer
            explode = false
            switch parameter["collectionFormat"]?.stringValue ?? "csv" {
            case "ssv": style = "spaceDelimited"
            case "pipes": style = "pipeDelimited"
            case "tsv": tabSeparated = true
            case "multi": explode = true
            default: break
            }
        } else {
            if let value = parameter["schema"] {
                schema = value
            } else if let (mediaType, media) = parameter["content"]?.objectValue?.min(by: { $0.key < $1.key }),
                let value = media["schema"]
            {
                schema = value
                let contentPointer = JSONPointer.appending(pointer, "content")
                schemaPointer = JSONPointer.appending(JSONPointer.appending(contentPointer, mediaType), "schema")
                if mediaType.lowercased().contains("json") { style = "json" }
            }
            style = parameter["style"]?.stringValue ?? style
            explode = parameter["explode"]?.boolValue ?? (style == "form")
        }
        return APIParameter(
            name: name,
            location: location,
            required: location == .path || parameter["required"]?.boolValue == true,
            schema: schema,
            schemaPointer: schemaPointer,
            style: style,
            explode: explode,
            tabSeparated: tabSeparated,
            description: parameter["description"]?.stringValue ?? "",
            pointer: pointer
        )
    }

    /// The base paths of a 3.x `servers` array (`nil` when absent or empty): the path part of each URL, with
    /// server variables replaced by their defaults.
    private func basePaths(ofServers servers: JSONValue?) -> [String]? {
        guard let list = servers?.arrayValue, !list.isEmpty else { return nil }
        var result: [String] = []
        for server in list {
            guard var url = server["url"]?.stringValue else { continue }
            for (name, variable) in server["variables"]?.objectValue ?? [:] {
                url = url.replacingOccurrences(of: "{\(name)}", with: variable["default"]?.stringValue ?? "")
            }
            if let scheme = url.range(of: "://") {
                let afterHost = url[scheme.upperBound...]
                url = afterHost.firstIndex(of: "/").map { String(afterHost[$0...]) } ?? ""
            } else if url.hasPrefix("//") {
                let afterHost = url.dropFirst(2)
                url = afterHost.firstIndex(of: "/").map { String(afterHost[$0...]) } ?? ""
            }
            let base = Self.normalizedBase(url)
            if !result.contains(base) { result.append(base) }
        }
        return result.isEmpty ? nil : result
    }

    /// `/api/` → `/api`; `v1` → `/v1`; `/` → "".
    static func normalizedBase(_ path: String) -> String {
        var base = path
        while base.hasSuffix("/") { base.removeLast() }
        if !base.isEmpty, !base.hasPrefix("/") { base = "/" + base }
        return base
    }

    private func dereference(_ value: JSONValue, at pointer: String) -> (JSONValue, String) {
        var current = value
        var currentPointer = pointer
        for _ in 0..<32 {
            guard let ref = current["$ref"]?.stringValue, let target = APIDocument.pointer(ofRef: ref),
                let next = JSONPointer.resolve(target, in: root)
            else { break }
            current = next
            currentPointer = target
        }
        return (current, currentPointer)
    }
}
