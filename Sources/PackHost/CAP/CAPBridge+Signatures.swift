import CAP
import Logging
import StructuredData
import WorkerKit
import WorkflowEngine

extension CAPBridge {
    /// Whether a received packet may be used: its signature holds for its sender (``CAPBridgeConfiguration/bus``),
    /// and it does not claim the worker id of another sender that has a key. A refused packet is logged and audited
    /// (`cap.packet_rejected`, throttled like refused heartbeats).
    func accepts(_ packet: Cordum_Agent_V1_BusPacket, wire: [UInt8], subject: String) -> Bool {
        let keys = configuration.bus.packetKeys
        guard !keys.isEmpty else { return true }
        var reason: String?
        if case .rejected(let why) = packet.verify(wire: wire, keys: keys) {
            reason = why
        } else if let claimed = Self.claimedWorkerID(packet), claimed != packet.senderID,
            keys.publicKeys[claimed] != nil
        {
            reason = "the packet from \"\(packet.senderID)\" speaks for worker \"\(claimed)\", which has its own key"
        }
        guard let reason else { return true }
        let sender = String(packet.senderID.prefix(Self.refusedTextLimit))
        logger.warning(
            "dropped a CAP packet whose signature does not hold",
            metadata: ["subject": "\(subject)", "sender_id": "\(sender)", "reason": "\(reason)"]
        )
        guard packetRejections.shouldRecord(workerID: sender, pool: subject, at: clock.now()) else { return false }
        let suppressed = packetRejections.suppressed
        packetRejections.recorded()
        var data: [String: JSONValue] = [
            "subject": .string(subject), "reason": .string(String(reason.prefix(500))),
            "payload": .string(Self.payloadKind(packet)),
        ]
        if suppressed > 0 { data["rejections_not_recorded"] = .integer(suppressed) }
        appendAudit(AuditEvent(kind: "cap.packet_rejected", principal: sender, subject: sender, data: .object(data)))
        return false
    }

    /// The worker id a packet speaks for: a heartbeat's or a result's.
    static func claimedWorkerID(_ packet: Cordum_Agent_V1_BusPacket) -> String? {
        switch packet.payload {
        case .heartbeat(let heartbeat): heartbeat.workerID
        case .jobResult(let result): result.workerID.isEmpty ? nil : result.workerID
        default: nil
        }
    }

    static func payloadKind(_ packet: Cordum_Agent_V1_BusPacket) -> String {
        switch packet.payload {
        case .heartbeat: "heartbeat"
        case .jobResult: "job_result"
        case .jobProgress: "job_progress"
        case .jobRequest: "job_request"
        case .jobCancel: "job_cancel"
        case .alert: "alert"
        case nil: "none"
        }
    }
}
