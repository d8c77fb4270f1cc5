import EmulatorKit
import Foundation
import StructuredData

/// OTLP/HTTP protobuf exports (`opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest`) decoded with
/// EmulatorKit's ``ProtobufReader`` into the same OTLP JSON the JSON exports give, field numbers from
/// opentelemetry-proto's `trace.proto`, `common.proto` and `resource.proto`. Unknown fields are skipped.
enum OTLPProtobuf {
    static func spans(_ bytes: [UInt8]) throws -> [StoredSpan] {
        var out: [StoredSpan] = []
        var request = ProtobufReader(bytes)
        while let field = try request.next() {
            guard field.number == 1 else { continue }  // resource_spans
            var resource: JSONValue = ["attributes": []]
            var scopes: [[UInt8]] = []
            var reader = try field.message()
            while let inner = try reader.next() {
                switch inner.number {
                case 1: resource = ["attributes": .array(try attributes(of: inner.message(), field: 1))]
                case 2: scopes.append(try inner.bytes())
                default: break
                }
            }
            for scopeBytes in scopes {
                var scope: JSONValue = ["name": ""]
                var spanMessages: [ProtobufField] = []
                var scopeReader = ProtobufReader(scopeBytes)
                while let inner = try scopeReader.next() {
                    switch inner.number {
                    case 1: scope = try instrumentationScope(inner.message())
                    case 2: spanMessages.append(inner)
                    default: break
                    }
                }
                for message in spanMessages {
                    out.append(try span(message.message(), resource: resource, scope: scope))
                }
            }
        }
        return out
    }

    static func instrumentationScope(_ message: ProtobufReader) throws -> JSONValue {
        var reader = message
        var scope: [String: JSONValue] = ["name": ""]
        while let field = try reader.next() {
            switch field.number {
            case 1: scope["name"] = .string(try field.string())
            case 2: scope["version"] = .string(try field.string())
            default: break
            }
        }
        return .object(scope)
    }

    static func span(_ message: ProtobufReader, resource: JSONValue, scope: JSONValue) throws -> StoredSpan {
        var reader = message
        var fields: [String: JSONValue] = [:]
        var traceID = ""
        var spanID = ""
        var name = ""
        var kind = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var attributeList: [JSONValue] = []
        var events: [JSONValue] = []
        while let field = try reader.next() {
            switch field.number {
            case 1: traceID = try hex(field.bytes(), size: 16, name: "trace_id", at: field.offset)
            case 2: spanID = try hex(field.bytes(), size: 8, name: "span_id", at: field.offset)
            case 3: fields["traceState"] = .string(try field.string())
            case 4:
                let parent = try field.bytes()
                if !parent.isEmpty {
                    fields["parentSpanId"] = .string(try hex(parent, size: 8, name: "parent_span_id", at: field.offset))
                }
            case 5: name = try field.string()
            case 6: kind = Int(min(try field.uint64(), 5))
            case 7: start = try field.fixed64()
            case 8: end = try field.fixed64()
            case 9: attributeList.append(try keyValue(field.message()))
            case 11: events.append(try event(field.message()))
            case 15: fields["status"] = try status(field.message())
            case 16: fields["flags"] = .integer(Int(try field.fixed32()))
            default: break
            }
        }
        guard !traceID.isEmpty, !spanID.isEmpty else {
            throw ProtobufError(offset: 0, reason: "a span has no trace_id or span_id")
        }
        fields["traceId"] = .string(traceID)
        fields["spanId"] = .string(spanID)
        fields["name"] = .string(name)
        fields["kind"] = .integer(kind)
        fields["startTimeUnixNano"] = .string(String(start))
        fields["endTimeUnixNano"] = .string(String(end))
        fields["attributes"] = .array(attributeList)
        fields["events"] = .array(events)
        return OTLPJSON.make(
            span: .object(fields),
            resource: resource,
            scope: scope,
            traceID: traceID,
            spanID: spanID,
            name: name,
            kind: kind,
            start: start,
            end: end
        )
    }

    static func attributes(of message: ProtobufReader, field number: Int) throws -> [JSONValue] {
        var reader = message
        var out: [JSONValue] = []
        while let field = try reader.next() {
            if field.number == number { out.append(try keyValue(field.message())) }
        }
        return out
    }

    static func keyValue(_ message: ProtobufReader) throws -> JSONValue {
        var reader = message
        var key = ""
        var value: JSONValue = [:]
        while let field = try reader.next() {
            switch field.number {
            case 1: key = try field.string()
            case 2: value = try anyValue(field.message(), depth: 0)
            default: break
            }
        }
        return ["key": .string(key), "value": value]
    }

    static func anyValue(_ message: ProtobufReader, depth: Int) throws -> JSONValue {
        guard depth < 32 else { throw ProtobufError(offset: message.offset, reason: "values nest more than 32 deep") }
        var reader = message
        var value: JSONValue = [:]
        while let field = try reader.next() {
            switch field.number {
            case 1: value = ["stringValue": .string(try field.string())]
            case 2: value = ["boolValue": .bool(try field.bool())]
            case 3: value = ["intValue": .string(String(try field.int64()))]
            case 4: value = ["doubleValue": .number(try field.double())]
            case 5, 6:
                var list = try field.message()
                var values: [JSONValue] = []
                while let element = try list.next() {
                    guard element.number == 1 else { continue }
                    values.append(
                        field.number == 5
                            ? try anyValue(element.message(), depth: depth + 1) : try keyValue(element.message())
                    )
                }
                value = [field.number == 5 ? "arrayValue" : "kvlistValue": ["values": .array(values)]]
            case 7: value = ["bytesValue": .string(Data(try field.bytes()).base64EncodedString())]
            default: break
            }
        }
        return value
    }

    static func event(_ message: ProtobufReader) throws -> JSONValue {
        var reader = message
        var event: [String: JSONValue] = [:]
        var attributes: [JSONValue] = []
        while let field = try reader.next() {
            switch field.number {
            case 1: event["timeUnixNano"] = .string(String(try field.fixed64()))
            case 2: event["name"] = .string(try field.string())
            case 3: attributes.append(try keyValue(field.message()))
            default: break
            }
        }
        event["attributes"] = .array(attributes)
        return .object(event)
    }

    static func status(_ message: ProtobufReader) throws -> JSONValue {
        var reader = message
        var status: [String: JSONValue] = [:]
        while let field = try reader.next() {
            switch field.number {
            case 2: status["message"] = .string(try field.string())
            case 3: status["code"] = .integer(Int(min(try field.uint64(), 2)))
            default: break
            }
        }
        return .object(status)
    }

    static func hex(_ bytes: [UInt8], size: Int, name: String, at offset: Int) throws -> String {
        guard bytes.count == size else {
            throw ProtobufError(offset: offset, reason: "\(name) is \(bytes.count) bytes; OTLP ids of it are \(size)")
        }
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }
}
