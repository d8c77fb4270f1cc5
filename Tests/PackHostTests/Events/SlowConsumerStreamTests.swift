import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// A stream client that falls more than its buffer behind gets what was buffered, then a close that says why and
/// where to resume.
@Suite struct SlowConsumerStreamTests {
    @Test func aClientTooFarBehindIsClosedWithTheReasonAndItsLastEventID() async throws {
        let host = try APITestHost(limits: HostAPI.Limits(eventBuffer: 2))
        try await host.test { api in
            async let answer = api.call(.get, "/events?type=approval.*", key: APITestHost.Key.alice)
            for _ in 0..<600 where await host.services.events.consumerCount == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            // Five events in one commit: more than the buffer holds before the writer can take any.
            try host.services.database.write { db in
                for index in 0..<5 {
                    _ = try AuditLog.append(
                        AuditEvent(kind: "approval.expired", tenantID: "tenant-a", subject: "apr-\(index)"),
                        at: host.clock.now(),
                        in: db
                    )
                }
            }
            await host.services.events.flush()
            let stream = try await answer
            #expect(stream.status == 200)
            let blocks = stream.body.components(separatedBy: "\n\n").filter { !$0.isEmpty && !$0.hasPrefix(":") }
            // What the writer took while the events were offered, at least the buffer's two, never all five.
            #expect((3...5).contains(blocks.count), "\(stream.body)")
            let close = try #require(blocks.last)
            #expect(close.hasPrefix("event: close\ndata: "))
            let data = try JSONParser.parse(String(close.dropFirst("event: close\ndata: ".count)))
            #expect(data["reason"]?.stringValue == "slow_consumer")
            let lastID = try #require(blocks.dropLast().last?.split(separator: "\n").first).dropFirst(4)
            #expect(data["last_event_id"]?.intValue == Int(lastID))
        }
    }
}
