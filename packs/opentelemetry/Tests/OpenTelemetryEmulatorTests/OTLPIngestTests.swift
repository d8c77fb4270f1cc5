import AsyncHTTPClient
import EmulatorKit
import Foundation
import NIOCore
import NIOHTTP1
import OpenTelemetryEmulator
import StructuredData
import Testing
import WorkerKit

/// The emulator's OTLP/HTTP receiver in both encodings, and what the query API then answers from it.
@Suite("OpenTelemetry emulator: OTLP ingest and the query API")
struct OTLPIngestTests {
    static let trace = "5b8efff798038103d269b633813fc60c"

    func post(_ url: String, _ body: [UInt8], type: String) async throws -> (Int, [UInt8], String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: type)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await VendorHTTPClient.sharedHTTPClient.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), Array(buffer: data), response.headers.first(name: "content-type") ?? "")
    }

    func get(_ url: String) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Authorization", value: "Bearer \(OpenTelemetryDemo.token)")
        let response = try await VendorHTTPClient.sharedHTTPClient.execute(request, timeout: .seconds(30))
        let data = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), try JSONParser.parse(String(buffer: data)))
    }

    @Test("a protobuf export is stored and found again, with ids in hex and int64s as strings")
    func protobuf() async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(seed: { _ in }), port: 0)
        do {
            let start = UInt64(Date().timeIntervalSince1970 - 60) * 1_000_000_000
            let body = ProtobufWriter.export(
                service: "proto-svc",
                spans: [
                    (Self.trace, "00f067aa0ba902b7", nil, "root", start, start + 20_000_000, nil),
                    (Self.trace, "00f067aa0ba902b8", "00f067aa0ba902b7", "child", start + 1, start + 9_000_000, "boom"),
                ]
            )
            let (status, answer, type) = try await post(
                "\(emulator.baseURL)/v1/traces",
                body,
                type: "application/x-protobuf"
            )
            #expect(status == 200)
            #expect(answer.isEmpty && type == "application/x-protobuf")
            let (found, trace) = try await get("\(emulator.baseURL)/api/v3/traces/\(Self.trace)")
            #expect(found == 200)
            let spans = trace["result"]?["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first
            #expect(spans?["scope"]?["name"] == "test-scope")
            let child = spans?["spans"]?.arrayValue?.last
            #expect(child?["parentSpanId"] == "00f067aa0ba902b7")
            #expect(child?["status"]?["code"] == 2)
            #expect(child?["startTimeUnixNano"] == .string(String(start + 1)))
            #expect(child?["attributes"]?.arrayValue?.first?["value"]?["intValue"] == "-3")
            #expect(child?["attributes"]?.arrayValue?.last?["value"]?["doubleValue"]?.doubleValue == 0.5)
            let (_, services) = try await get("\(emulator.baseURL)/api/v3/services")
            #expect(services["services"] == ["proto-svc"])
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("a JSON export takes int64s as strings or numbers and answers partialSuccess")
    func json() async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(seed: { _ in }), port: 0)
        do {
            let start = Int(Date().timeIntervalSince1970 - 60) * 1_000_000_000
            let export: JSONValue = [
                "resourceSpans": [
                    [
                        "resource": ["attributes": [["key": "service.name", "value": ["stringValue": "json-svc"]]]],
                        "scopeSpans": [
                            [
                                "scope": ["name": "s"],
                                "spans": [
                                    [
                                        "traceId": .string(Self.trace.uppercased()), "spanId": "00F067AA0BA902B7",
                                        "name": "op", "kind": "SPAN_KIND_SERVER",
                                        "startTimeUnixNano": .integer(start),
                                        "endTimeUnixNano": .string(String(start + 5_000_000)),
                                        "attributes": [["key": "n", "value": ["intValue": 42]]],
                                    ],
                                    // The generic protobuf JSON mapping's base64 ids (swift-protobuf's encoder).
                                    [
                                        "traceId": "W47/95gDgQPSabYzgT/GDA==", "spanId": "APBnqgupAsE=",
                                        "parentSpanId": "APBnqgupArc=", "name": "child",
                                        "startTimeUnixNano": .integer(start + 1_000_000),
                                        "endTimeUnixNano": .integer(start + 2_000_000),
                                    ],
                                ],
                            ]
                        ],
                    ]
                ]
            ]
            let (status, answer, _) = try await post(
                "\(emulator.baseURL)/v1/traces",
                Array(JSONEncoding.compact(export).utf8),
                type: "application/json"
            )
            #expect(status == 200)
            #expect(try JSONParser.parse(String(decoding: answer, as: UTF8.self)) == ["partialSuccess": [:]])
            let (found, trace) = try await get("\(emulator.baseURL)/api/v3/traces/\(Self.trace)")
            #expect(found == 200)
            let span = trace["result"]?["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?["spans"]?
                .arrayValue?.first
            #expect(span?["traceId"] == .string(Self.trace))
            #expect(span?["kind"] == 2)
            #expect(span?["startTimeUnixNano"] == .string(String(start)))
            #expect(span?["attributes"]?.arrayValue?.first?["value"]?["intValue"] == "42")
            let child = trace["result"]?["resourceSpans"]?.arrayValue?.first?["scopeSpans"]?.arrayValue?.first?[
                "spans"
            ]?
            .arrayValue?.last
            #expect(child?["spanId"] == "00f067aa0ba902c1")
            #expect(child?["parentSpanId"] == "00f067aa0ba902b7")
            let (_, operations) = try await get("\(emulator.baseURL)/api/v3/operations?service=json-svc")
            #expect(
                operations["operations"] == [["name": "child", "spanKind": ""], ["name": "op", "spanKind": "server"]]
            )
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("malformed exports are refused with 400 naming the problem; other media types with 415")
    func refusals() async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(seed: { _ in }), port: 0)
        do {
            let url = "\(emulator.baseURL)/v1/traces"
            let truncated = Array(
                ProtobufWriter.export(service: "x", spans: [(Self.trace, "00f067aa0ba902b7", nil, "r", 1, 2, nil)])
                    .dropLast(3)
            )
            let (status, body, _) = try await post(url, truncated, type: "application/x-protobuf")
            #expect(status == 400)
            #expect(String(decoding: body, as: UTF8.self).contains("malformed protobuf"))
            let badID: JSONValue = [
                "resourceSpans": [
                    [
                        "scopeSpans": [
                            [
                                "spans": [
                                    [
                                        "traceId": "xyz", "spanId": "00f067aa0ba902b7", "name": "a",
                                        "startTimeUnixNano": "1", "endTimeUnixNano": "2",
                                    ]
                                ]
                            ]
                        ]
                    ]
                ]
            ]
            let (jsonStatus, jsonBody, _) = try await post(
                url,
                Array(JSONEncoding.compact(badID).utf8),
                type: "application/json"
            )
            #expect(jsonStatus == 400)
            let refusal = try JSONParser.parse(String(decoding: jsonBody, as: UTF8.self))
            #expect(refusal["code"] == 3)
            #expect(
                refusal["message"]?.stringValue?.contains("resourceSpans[0].scopeSpans[0].spans[0].traceId") == true
            )
            #expect(try await post(url, [1, 2, 3], type: "text/plain").0 == 415)
            #expect(try await post(url, Array("{".utf8), type: "application/json").0 == 400)
            #expect(emulator.state.withLock { $0.spans.isEmpty })
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("the query API's checks: time range required, bad durations, unknown traces, tokens")
    func queryChecks() async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(), port: 0)
        do {
            let base = "\(emulator.baseURL)/api/v3/traces"
            let (missing, error) = try await get("\(base)?query.serviceName=frontend")
            #expect(missing == 400)
            #expect(error["error"]?["message"] == "query.startTimeMin and query.startTimeMax are required")
            let window = "query.startTimeMin=2020-01-01T00:00:00Z&query.startTimeMax=2100-01-01T00:00:00.123456789Z"
            let (badDuration, _) = try await get("\(base)?\(window)&query.durationMin=soon")
            #expect(badDuration == 400)
            let (found, traces) = try await get("\(base)?\(window)&query.service_name=payment&query.num_traces=2")
            #expect(found == 200)
            #expect(traces["result"]?["resourceSpans"]?.arrayValue?.isEmpty == false)
            let (none, empty) = try await get("\(base)?\(window)&query.serviceName=nobody")
            #expect(none == 404)
            #expect(empty["error"]?["message"] == "No traces found")
            let (unknown, notFound) = try await get("\(base)/0123456789abcdef0123456789abcdef")
            #expect(unknown == 404 && notFound["error"]?["message"] == "trace not found")
            let (badID, _) = try await get("\(base)/zz")
            #expect(badID == 400)
            let anonymous = try await VendorHTTPClient.sharedHTTPClient.execute(
                HTTPClientRequest(url: "\(emulator.baseURL)/api/v3/services"),
                timeout: .seconds(30)
            )
            #expect(anonymous.status.code == 401)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }
}
