import Foundation
import Logging
import StructuredData
import WorkerKit

/// Turns MCP content items (tool results, resource contents) into the job's output: short text inline; images,
/// audio, blobs and text longer than the server's `inline_text_limit` to artifacts, named in the output's
/// `artifacts` and by a pointer in the item.
struct ContentItems {
    let context: JobContext
    let limit: Int
    private(set) var artifacts: [JSONValue] = []
    private(set) var texts: [String] = []

    init(context: JobContext, limit: Int) {
        self.context = context
        self.limit = limit
    }

    /// A tool result's `content` item.
    mutating func item(_ item: JSONValue, field: String) async throws(WorkerError) -> JSONValue {
        guard var object = item.objectValue else { return item }
        let type = object["type"]?.stringValue ?? ""
        switch type {
        case "text":
            let text = object["text"]?.stringValue ?? ""
            texts.append(text)
            try await inlineOrStore(text: text, into: &object, key: "text", field: field)
        case "image", "audio":
            let media = object["mimeType"]?.stringValue ?? "application/octet-stream"
            try await store(
                base64: object["data"]?.stringValue ?? "",
                media: media,
                into: &object,
                key: "data",
                field: field
            )
        case "resource":
            if let resource = object["resource"] {
                object["resource"] = try await self.resource(resource, field: field)
            }
        default:
            break
        }
        return .object(object)
    }

    /// A resource's contents entry (`text` or `blob`).
    mutating func resource(_ resource: JSONValue, field: String) async throws(WorkerError) -> JSONValue {
        guard var object = resource.objectValue else { return resource }
        if let text = object["text"]?.stringValue {
            texts.append(text)
            try await inlineOrStore(text: text, into: &object, key: "text", field: field)
        } else if let blob = object["blob"]?.stringValue {
            let media = object["mimeType"]?.stringValue ?? "application/octet-stream"
            try await store(base64: blob, media: media, into: &object, key: "blob", field: field)
        }
        return .object(object)
    }

    private mutating func inlineOrStore(
        text: String,
        into object: inout [String: JSONValue],
        key: String,
        field: String
    ) async throws(WorkerError) {
        guard text.count > limit, let pointer = try await put(Array(text.utf8), "text/plain; charset=utf-8") else {
            return
        }
        let bytes = text.utf8.count
        object[key] = .string(String(text.prefix(limit)))
        object["truncated"] = true
        object["artifact"] = .string(pointer)
        artifacts.append([
            "pointer": .string(pointer), "bytes": .integer(bytes), "field": .string(field),
            "media_type": "text/plain; charset=utf-8",
        ])
    }

    private mutating func store(
        base64: String,
        media: String,
        into object: inout [String: JSONValue],
        key: String,
        field: String
    ) async throws(WorkerError) {
        guard let data = Data(base64Encoded: base64) else {
            throw WorkerError(code: .vendorError, message: "The MCP server sent \(field) data that is not base64.")
        }
        guard let pointer = try await put(Array(data), media) else { return }
        object[key] = nil
        object["artifact"] = .string(pointer)
        object["bytes"] = .integer(data.count)
        artifacts.append([
            "pointer": .string(pointer), "bytes": .integer(data.count), "field": .string(field),
            "media_type": .string(media),
        ])
    }

    /// Stores an artifact; `nil` when the host has no artifact store (in-process workers), where the item stays
    /// inline as the server sent it (within `max_output_bytes`).
    private func put(_ bytes: [UInt8], _ media: String) async throws(WorkerError) -> String? {
        do {
            return try await context.artifacts.put(bytes, contentType: media)
        } catch  where error.code == .artifactsUnavailable {
            context.logger.notice("content item kept inline: no artifact store", metadata: ["bytes": "\(bytes.count)"])
            return nil
        }
    }
}
