import NIOHTTP1
public import StructuredData

/// Where a paging value goes in the next request: a query parameter, a member of the JSON body, or whichever fits
/// the request (``parameter(_:)``).
///
/// ```swift
/// RequestField.query("cursor")           // GET …?cursor=…
/// RequestField.body("nextPageToken")     // POST {"nextPageToken": "…", …}
/// RequestField.parameter("NextToken")    // the body when the request has one, else the query
/// ```
public enum RequestField: Sendable, Hashable, CustomStringConvertible {
    /// A query parameter, replaced or appended (the rest of the query is kept byte for byte).
    case query(String)
    /// A member of the request's JSON body (objects on the way are created).
    case body(BodyPath)
    /// A member of the JSON body when the request has a body, else a query parameter.
    case parameter(String)

    /// What messages call it: `query parameter "cursor"`, `body member "nextPageToken"`.
    public var description: String {
        switch self {
        case .query(let name): "query parameter \"\(name)\""
        case .body(let path): "body member \"\(path)\""
        case .parameter(let name): "parameter \"\(name)\""
        }
    }

    /// The field's value in `request`, as text; `nil` when absent.
    /// - Parameter request: The request.
    /// - Throws: `handler_failed` when the field is in a body that is not JSON.
    public func text(in request: VendorRequest) throws(WorkerError) -> String? {
        switch resolved(for: request) {
        case .query(let name): return URLQuery.value(of: name, in: request.url)
        case .body(let path):
            switch path.value(in: try Self.json(of: request, field: self)) {
            case .string(let text): return text
            case let value?: return value == .null ? nil : JSONEncoding.compact(value)
            case nil: return nil
            }
        case .parameter: return nil
        }
    }

    /// `request` with the field set to `value` (a body member gets the JSON value; a query parameter its text).
    /// - Parameters:
    ///   - value: The value.
    ///   - request: The request to change.
    /// - Throws: `handler_failed` when the body is not a JSON object.
    public func setting(_ value: JSONValue, in request: VendorRequest) throws(WorkerError) -> VendorRequest {
        var next = request
        next.requestID = nil
        switch resolved(for: request) {
        case .query(let name):
            let text = value.stringValue ?? JSONEncoding.compact(value)
            next.url = URLQuery.setting(name, to: text, in: request.url)
        case .body(let path):
            guard let body = path.setting(value, in: try Self.json(of: request, field: self)) else {
                throw Self.notAnObject(self)
            }
            next.body = Array(JSONEncoding.compact(body).utf8)
            if !next.headers.contains(name: "Content-Type") {
                next.headers.add(name: "Content-Type", value: "application/json")
            }
        case .parameter:
            break
        }
        return next
    }

    /// The query parameter or body member this field is for `request`.
    private func resolved(for request: VendorRequest) -> RequestField {
        guard case .parameter(let name) = self else { return self }
        return request.body.map { !$0.isEmpty } == true ? .body(BodyPath(keys: [name])) : .query(name)
    }

    private static func json(of request: VendorRequest, field: RequestField) throws(WorkerError) -> JSONValue {
        guard let body = request.body, !body.isEmpty else { return .null }
        do {
            return try JSONParser.parse(body, file: "request").value
        } catch {
            throw notAnObject(field)
        }
    }

    private static func notAnObject(_ field: RequestField) -> WorkerError {
        WorkerError(
            code: .handlerFailed,
            message:
                "The list's paging puts its value in the \(field), but the request body is not a JSON object; send a JSON object body or page through a query parameter."
        )
    }
}
