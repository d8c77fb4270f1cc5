import Foundation
import StructuredData

/// The demo traces: a shop whose `frontend` serves `GET /checkout` through `checkout` (`checkout.place_order`,
/// `SELECT cart`, `inventory.reserve`) and `payment` (`payment.charge`). Six fast checkouts pay through
/// `payment.provider=stripe` (about 150 ms); three slow ones through `legacy-bank` (about 1.5 s), and one of those,
/// ``failedTrace``, fails in `payment.charge` with an exception. One `GET /cart` trace fails in `SELECT cart`. All
/// are placed in the hour before the seed time.
public enum OpenTelemetryDemo {
    /// The bearer token the query API accepts.
    public static let token = "demo-jaeger-token"
    /// The slow checkout that failed in payment.
    public static let failedTrace = "4bf92f3577b34da6a3ce929d0e0e4736"

    /// Fills `store` with the demo traces ending before `now` (Unix seconds).
    public static func fill(_ store: inout TraceStore, now: Double) {
        store.authorizations = ["Bearer \(token)"]
        let base = UInt64((now - 3_000) * 1_000) * 1_000_000
        var spans: [StoredSpan] = []
        let plan: [(slow: Bool, failed: Bool)] = [
            (false, false), (true, false), (false, false), (false, false), (true, true), (false, false),
            (true, false), (false, false), (false, false),
        ]
        for (index, trace) in plan.enumerated() {
            let id = trace.failed ? failedTrace : String(format: "%032x", 0xA000 + index)
            let start = base + UInt64(index) * 300_000_000_000
            spans += checkout(trace: id, index: index, start: start, slow: trace.slow, failed: trace.failed)
        }
        spans += cart(trace: String(format: "%032x", 0xB000), start: base + 2_900_000_000_000)
        store.add(spans)
    }

    static let ms: UInt64 = 1_000_000

    static func checkout(trace: String, index: Int, start: UInt64, slow: Bool, failed: Bool) -> [StoredSpan] {
        let payment: UInt64 = slow ? 1_400 : 60
        let total = 60 + payment + 30
        let ids = (1...5).map { String(format: "%016x", index * 16 + $0) }
        let provider = slow ? "legacy-bank" : "stripe"
        return [
            span(
                trace,
                ids[0],
                nil,
                "frontend",
                "GET /checkout",
                kind: 2,
                start,
                start + total * ms,
                [
                    "http.request.method": "GET", "http.route": "/checkout",
                    "http.response.status_code": .integer(failed ? 502 : 200),
                ],
                error: failed ? "payment failed" : nil
            ),
            span(
                trace,
                ids[1],
                ids[0],
                "checkout",
                "checkout.place_order",
                kind: 1,
                start + 5 * ms,
                start + (total - 5) * ms,
                ["order.items": 3],
                error: failed ? "payment declined upstream" : nil
            ),
            span(
                trace,
                ids[2],
                ids[1],
                "checkout",
                "SELECT cart",
                kind: 3,
                start + 10 * ms,
                start + 40 * ms,
                ["db.system": "postgresql"]
            ),
            span(
                trace,
                ids[3],
                ids[1],
                "payment",
                "payment.charge",
                kind: 2,
                start + 45 * ms,
                start + (45 + payment) * ms,
                ["payment.provider": .string(provider), "payment.currency": "EUR"],
                error: failed ? "gateway timeout from legacy-bank" : nil,
                exception: failed ? ("TimeoutError", "legacy-bank did not answer in 1400ms") : nil
            ),
            span(
                trace,
                ids[4],
                ids[1],
                "checkout",
                "inventory.reserve",
                kind: 3,
                start + 50 * ms,
                start + 80 * ms,
                ["inventory.warehouse": "eu-1"]
            ),
        ]
    }

    static func cart(trace: String, start: UInt64) -> [StoredSpan] {
        [
            span(
                trace,
                "00000000000000f1",
                nil,
                "frontend",
                "GET /cart",
                kind: 2,
                start,
                start + 90 * ms,
                ["http.request.method": "GET", "http.route": "/cart", "http.response.status_code": 500],
                error: "cart unavailable"
            ),
            span(
                trace,
                "00000000000000f2",
                "00000000000000f1",
                "checkout",
                "SELECT cart",
                kind: 3,
                start + 5 * ms,
                start + 85 * ms,
                ["db.system": "postgresql"],
                error: "connection reset by peer",
                exception: ("ConnectionResetError", "connection reset by peer")
            ),
        ]
    }

    static func span(
        _ trace: String,
        _ id: String,
        _ parent: String?,
        _ service: String,
        _ name: String,
        kind: Int,
        _ start: UInt64,
        _ end: UInt64,
        _ attributes: [String: JSONValue],
        error: String? = nil,
        exception: (String, String)? = nil
    ) -> StoredSpan {
        func value(_ value: JSONValue) -> JSONValue {
            if let number = value.intValue { return ["intValue": .string(String(number))] }
            return ["stringValue": value]
        }
        var fields: [String: JSONValue] = [
            "traceId": .string(trace), "spanId": .string(id), "name": .string(name), "kind": .integer(kind),
            "startTimeUnixNano": .string(String(start)), "endTimeUnixNano": .string(String(end)),
            "attributes": .array(
                attributes.keys.sorted().map { ["key": .string($0), "value": value(attributes[$0] ?? .null)] }
            ),
            "events": [],
            "status": error.map { ["code": 2, "message": .string($0)] } ?? [:],
        ]
        if let parent { fields["parentSpanId"] = .string(parent) }
        if let (type, message) = exception {
            fields["events"] = [
                [
                    "timeUnixNano": .string(String(end)), "name": "exception",
                    "attributes": [
                        ["key": "exception.type", "value": ["stringValue": .string(type)]],
                        ["key": "exception.message", "value": ["stringValue": .string(message)]],
                    ],
                ]
            ]
        }
        return OTLPJSON.make(
            span: .object(fields),
            resource: ["attributes": [["key": "service.name", "value": ["stringValue": .string(service)]]]],
            scope: ["name": "demo-shop", "version": "1.0.0"],
            traceID: trace,
            spanID: id,
            name: name,
            kind: kind,
            start: start,
            end: end
        )
    }
}
