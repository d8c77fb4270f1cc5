import Foundation
public import Hummingbird
public import StructuredData

/// Reading request bodies with a size limit, and JSON bodies with errors that name the problem.
public enum RequestBody {
    /// The raw body, refused with `413 too_large` when it is over `limit` bytes.
    public static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HostError(.tooLarge, "the request body is \(length) bytes; the limit is \(limit) bytes")
        }
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw HostError(.tooLarge, "the request body is larger than the limit of \(limit) bytes")
        }
    }

    /// The body parsed as JSON; an empty body is `empty`.
    /// - Throws: `invalid_argument` saying where the JSON is malformed.
    public static func json(_ request: Request, limit: Int, empty: JSONValue = [:]) async throws -> JSONValue {
        let bytes = try await bytes(request, limit: limit)
        return try parse(bytes, empty: empty)
    }

    /// The body parsed as a JSON object.
    /// - Throws: `invalid_argument` when it is malformed or not an object.
    public static func object(_ request: Request, limit: Int) async throws -> BodyObject {
        try BodyObject(try await json(request, limit: limit))
    }

    /// Parses JSON bytes; whitespace only is `empty`.
    public static func parse(_ bytes: [UInt8], empty: JSONValue = [:]) throws(HostError) -> JSONValue {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return empty }
        do {
            return try JSONParser.parse(bytes, file: "request body").value
        } catch {
            throw HostError(.invalidArgument, "malformed JSON: \(error)")
        }
    }
}

/// A JSON object body whose fields are read with errors that name the field and what it must be.
public struct BodyObject: Sendable {
    /// The fields.
    public let fields: [String: JSONValue]

    /// Wraps a JSON value that must be an object.
    public init(_ value: JSONValue) throws(HostError) {
        guard case .object(let fields) = value else {
            throw HostError(.invalidArgument, "the request body must be a JSON object")
        }
        self.fields = fields
    }

    /// The raw value of a field (nil when absent or null).
    public subscript(name: String) -> JSONValue? {
        guard let value = fields[name], value != .null else { return nil }
        return value
    }

    /// A string field.
    public func string(_ name: String) throws(HostError) -> String? {
        guard let value = self[name] else { return nil }
        guard let text = value.stringValue else { throw Self.wrong(name, "a string") }
        return text
    }

    /// A string field that must be present and non-empty.
    public func requiredString(_ name: String) throws(HostError) -> String {
        guard let text = try string(name), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw HostError(.invalidArgument, "field \(name) is required (a non-empty string)")
        }
        return text
    }

    /// A boolean field.
    public func bool(_ name: String) throws(HostError) -> Bool? {
        guard let value = self[name] else { return nil }
        guard let flag = value.boolValue else { throw Self.wrong(name, "true or false") }
        return flag
    }

    /// An integer field.
    public func int(_ name: String) throws(HostError) -> Int? {
        guard let value = self[name] else { return nil }
        guard let number = value.intValue else { throw Self.wrong(name, "an integer") }
        return number
    }

    /// An object field.
    public func object(_ name: String) throws(HostError) -> [String: JSONValue]? {
        guard let value = self[name] else { return nil }
        guard case .object(let object) = value else { throw Self.wrong(name, "an object") }
        return object
    }

    /// An array of strings.
    public func strings(_ name: String) throws(HostError) -> [String]? {
        guard let value = self[name] else { return nil }
        guard let items = value.arrayValue else { throw Self.wrong(name, "an array of strings") }
        var result: [String] = []
        for item in items {
            guard let text = item.stringValue else { throw Self.wrong(name, "an array of strings") }
            result.append(text)
        }
        return result
    }

    /// An object whose values are strings.
    public func stringMap(_ name: String) throws(HostError) -> [String: String]? {
        guard let object = try object(name) else { return nil }
        var result: [String: String] = [:]
        for (key, value) in object {
            guard let text = value.stringValue else { throw Self.wrong("\(name).\(key)", "a string") }
            result[key] = text
        }
        return result
    }

    static func wrong(_ name: String, _ expected: String) -> HostError {
        HostError(.invalidArgument, "field \(name) must be \(expected)")
    }
}
