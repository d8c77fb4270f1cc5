import CAP
import Foundation
import SwiftProtobuf
import Testing

@Suite("cordum.agent.v1 wire format")
struct ProtobufVectorTests {
    /// cap-protocol.md §1.3: `BusPacket{trace_id:"t", sender_id:"s", protocol_version:1,
    /// job_result{job_id:"j", status:SUCCEEDED}}`.
    let vector: [UInt8] = [0x0a, 0x01, 0x74, 0x12, 0x01, 0x73, 0x20, 0x01, 0x5a, 0x05, 0x0a, 0x01, 0x6a, 0x10, 0x05]

    @Test func decodesTheReferenceVector() throws {
        let packet = try Cordum_Agent_V1_BusPacket(serializedBytes: vector)
        #expect(packet.traceID == "t")
        #expect(packet.senderID == "s")
        #expect(packet.protocolVersion == 1)
        guard case .jobResult(let result)? = packet.payload else {
            Issue.record("payload is not a job_result")
            return
        }
        #expect(result.jobID == "j")
        #expect(result.status == .succeeded)
    }

    @Test func encodesTheReferenceVector() throws {
        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = "t"
        packet.senderID = "s"
        packet.protocolVersion = 1
        var result = Cordum_Agent_V1_JobResult()
        result.jobID = "j"
        result.status = .succeeded
        packet.jobResult = result
        let bytes: [UInt8] = try packet.serializedBytes()
        #expect(bytes == vector)
    }

    @Test func tagBytesMatchTheReference() throws {
        func firstTag(_ packet: Cordum_Agent_V1_BusPacket) throws -> [UInt8] {
            let bytes: [UInt8] = try packet.serializedBytes()
            return bytes[0] & 0x80 == 0 ? [bytes[0]] : Array(bytes[0...1])
        }
        var packet = Cordum_Agent_V1_BusPacket()
        packet.createdAt = Google_Protobuf_Timestamp(seconds: 1, nanos: 0)
        #expect(try firstTag(packet) == [0x1a])
        packet = Cordum_Agent_V1_BusPacket()
        packet.jobRequest = Cordum_Agent_V1_JobRequest()
        #expect(try firstTag(packet) == [0x52])
        packet.heartbeat = Cordum_Agent_V1_Heartbeat()
        #expect(try firstTag(packet) == [0x62])
        packet.alert = Cordum_Agent_V1_SystemAlert()
        #expect(try firstTag(packet) == [0x6a])
        packet.jobProgress = Cordum_Agent_V1_JobProgress()
        #expect(try firstTag(packet) == [0x7a])
        packet.jobCancel = Cordum_Agent_V1_JobCancel()
        #expect(try firstTag(packet) == [0x82, 0x01])
        packet = Cordum_Agent_V1_BusPacket()
        packet.signature = Data([1])
        #expect(try firstTag(packet) == [0x72])
    }

    @Test func enumValuesMatchTheReference() {
        #expect(Cordum_Agent_V1_JobStatus.timeout.rawValue == 9)
        #expect(Cordum_Agent_V1_JobStatus.denied.rawValue == 8)
        #expect(Cordum_Agent_V1_JobPriority.critical.rawValue == 3)
        #expect(Cordum_Agent_V1_ActorType.service.rawValue == 2)
        #expect(Cordum_Agent_V1_DecisionType.allowWithConstraints.rawValue == 5)
    }

    static func samples() -> [any SwiftProtobuf.Message] {
        var request = Cordum_Agent_V1_JobRequest()
        request.jobID = "run-1:step@1"
        request.topic = "job.default"
        request.priority = .batch
        request.contextPtr = "redis://ctx:run-1:step@1"
        request.env = ["a": "1", "b": "2"]
        request.labels = ["dry_run": "true"]
        request.stepIndex = 3
        request.budget.deadlineMs = 60_000
        request.contextHints.tags = ["x"]
        request.meta.riskTags = ["write"]
        request.meta.actorType = .human
        request.meta.labels = ["k": "v"]

        var result = Cordum_Agent_V1_JobResult()
        result.jobID = "j"
        result.status = .failed
        result.executionMs = 12
        result.errorCode = "boom"
        result.artifactPtrs = ["redis://art:1"]

        var heartbeat = Cordum_Agent_V1_Heartbeat()
        heartbeat.workerID = "w1"
        heartbeat.pool = "default"
        heartbeat.maxParallelJobs = 4
        heartbeat.activeJobs = 1
        heartbeat.cpuLoad = 12.5
        heartbeat.labels = ["zone": "a"]

        var alert = Cordum_Agent_V1_SystemAlert()
        alert.level = "WARN"
        alert.code = "c"

        var progress = Cordum_Agent_V1_JobProgress()
        progress.jobID = "j"
        progress.percent = 50
        progress.status = .running

        var cancel = Cordum_Agent_V1_JobCancel()
        cancel.jobID = "j"
        cancel.reason = "cancelled by request"

        var check = Cordum_Agent_V1_PolicyCheckRequest()
        check.jobID = "j"
        check.estimatedCost = 1.5
        check.effectiveConfig = Data("{}".utf8)
        check.labels = ["a": "b"]

        var response = Cordum_Agent_V1_PolicyCheckResponse()
        response.decision = .requireHuman
        response.constraints.budgets.maxRetries = 2
        response.constraints.sandbox.networkAllowlist = ["api.github.com"]
        var remediation = Cordum_Agent_V1_PolicyRemediation()
        remediation.addLabels = ["x": "y"]
        response.remediations = [remediation]

        var snapshots = Cordum_Agent_V1_ListSnapshotsResponse()
        snapshots.snapshots = ["s1"]

        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = "t"
        packet.createdAt = Google_Protobuf_Timestamp(seconds: 1_700_000_000, nanos: 5)
        packet.jobRequest = request
        packet.signature = Data([0xde, 0xad])

        return [request, result, heartbeat, alert, progress, cancel, check, response, snapshots, packet]
    }

    @Test func everyMessageTypeRoundTrips() throws {
        for sample in Self.samples() {
            let bytes: [UInt8] = try sample.serializedBytes()
            let decoded = try type(of: sample).init(serializedBytes: bytes)
            #expect(decoded.isEqualTo(message: sample), "\(type(of: sample))")
            var options = BinaryEncodingOptions()
            options.useDeterministicOrdering = true
            let again: [UInt8] = try decoded.serializedBytes(options: options)
            let first: [UInt8] = try sample.serializedBytes(options: options)
            #expect(again == first, "\(type(of: sample))")
        }
    }

    @Test func everyBusPacketPayloadRoundTrips() throws {
        var payloads: [Cordum_Agent_V1_BusPacket.OneOf_Payload] = [
            .jobRequest(.init()), .jobResult(.init()), .heartbeat(.init()), .alert(.init()),
            .jobProgress(.init()), .jobCancel(.init()),
        ]
        payloads[0] = .jobRequest(.with { $0.jobID = "j" })
        for payload in payloads {
            var packet = Cordum_Agent_V1_BusPacket()
            packet.protocolVersion = 1
            packet.payload = payload
            let decoded = try Cordum_Agent_V1_BusPacket(serializedBytes: try packet.serializedBytes() as [UInt8])
            #expect(decoded == packet)
        }
    }
}
