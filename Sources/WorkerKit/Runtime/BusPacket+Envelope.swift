import CAP
import Foundation
import SwiftProtobuf

extension Cordum_Agent_V1_BusPacket {
    /// A packet with the envelope every CAP SDK sets: trace id, sender, now, protocol version 1. Unsigned.
    static func envelope(traceID: String, senderID: String, now: Date = Date()) -> Cordum_Agent_V1_BusPacket {
        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = traceID
        packet.senderID = senderID
        packet.createdAt = Google_Protobuf_Timestamp(date: now)
        packet.protocolVersion = 1
        return packet
    }
}
