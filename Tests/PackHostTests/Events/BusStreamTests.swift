import CAP
import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import PackHost
import StructuredData
import SwiftProtobuf
import Testing

/// `GET /api/v1/stream`: protojson CAP `BusPacket`s over a WebSocket, admin only, as Cordum's gateway.
@Suite struct BusStreamTests {
    /// The `Sec-WebSocket-Protocol` Cordum's dashboard sends: the protocol name and the key in base64url.
    static func subprotocol(_ key: String) -> String {
        let token = Data(key.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "cordum-api-key, \(token)"
    }

    @Test func anAdminClientReceivesProtojsonPacketsInCordumsShape() async throws {
        let host = try APITestHost()
        try await host.registerHelloWorker()
        try await host.live { api, port in
            _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
            let (packets, sink) = AsyncStream.makeStream(of: String.self)
            let client = Task {
                var configuration = WebSocketClientConfiguration()
                configuration.additionalHeaders = [.secWebSocketProtocol: Self.subprotocol(APITestHost.Key.admin)]
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/api/v1/stream?tenant=tenant-a",
                    configuration: configuration,
                    logger: Logger(label: "ws-test")
                ) { inbound, _, _ in
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        if case .text(let text) = message { sink.yield(text) }
                    }
                    sink.finish()
                }
            }
            defer { client.cancel() }
            // The stream carries what happens after the client is connected: wait until the host counts it.
            for _ in 0..<600 where await host.services.events.consumerCount == 0 {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await host.services.events.consumerCount == 1)

            let started = try await api.call(
                .post,
                "/workflows/hello.greet-and-sign/runs",
                key: APITestHost.Key.alice,
                json: ["name": "Ada"]
            )
            let runID = try #require(started.json["run_id"]?.stringValue)
            await host.services.host.settle()
            let approval = try #require(
                try await api.call(.get, "/approvals", key: APITestHost.Key.alice).json["items"]?.arrayValue?.first
            )
            _ = try await api.call(
                .post,
                "/approvals/\(approval["id"]?.stringValue ?? "")/approve",
                key: APITestHost.Key.carol,
                json: ["reason": "ok", "digest": approval["digest"] ?? .null]
            )
            await host.services.host.settle()

            var seen: [Cordum_Agent_V1_BusPacket] = []
            var raw: [JSONValue] = []
            for await text in packets {
                let packet = try Cordum_Agent_V1_BusPacket(jsonString: text)
                seen.append(packet)
                raw.append(try JSONParser.parse(text))
                if case .alert(let alert)? = packet.payload, alert.code == "run.succeeded" { break }
            }
            // protojson: lowerCamelCase names, the envelope on every packet, defaults left out.
            #expect(raw.allSatisfy { $0["protocolVersion"]?.intValue == 1 && $0["senderId"] != nil })
            #expect(raw.allSatisfy { $0["createdAt"]?.stringValue?.hasSuffix("Z") == true })
            let requests = seen.compactMap { packet -> Cordum_Agent_V1_JobRequest? in
                if case .jobRequest(let request)? = packet.payload { return request }
                return nil
            }
            #expect(requests.map(\.topic).contains("job.hello.guestbook.sign"))
            #expect(requests.allSatisfy { $0.tenantID == "tenant-a" && !$0.jobID.isEmpty })
            let results = seen.compactMap { packet -> Cordum_Agent_V1_JobResult? in
                if case .jobResult(let result)? = packet.payload { return result }
                return nil
            }
            #expect(results.count == 2)
            #expect(results.allSatisfy { $0.status == .succeeded })
            let codes = seen.compactMap { packet -> String? in
                if case .alert(let alert)? = packet.payload { return alert.code }
                return nil
            }
            #expect(codes.contains("approval.requested"))
            #expect(codes.last == "run.succeeded")
            #expect(seen.last?.traceID == runID)
        }
    }

    @Test func aKeyWithoutTheAdminRoleIsRefused() async throws {
        let host = try APITestHost()
        try await host.live { _, port in
            await #expect(throws: (any Error).self) {
                var configuration = WebSocketClientConfiguration()
                configuration.additionalHeaders = [
                    HTTPField.Name("X-API-Key")!: APITestHost.Key.alice, HTTPField.Name("X-Tenant-ID")!: "tenant-a",
                ]
                try await WebSocketClient.connect(
                    url: "ws://127.0.0.1:\(port)/api/v1/stream",
                    configuration: configuration,
                    logger: Logger(label: "ws-test")
                ) { _, _, _ in }
            }
            #expect(await host.services.events.consumerCount == 0)
        }
    }
}
