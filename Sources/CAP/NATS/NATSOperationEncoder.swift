import Foundation
import NIOCore

/// Writes ``NATSClientOperation``s as NATS protocol lines.
struct NATSOperationEncoder: MessageToByteEncoder {
    typealias OutboundIn = NATSClientOperation

    func encode(data: NATSClientOperation, out: inout ByteBuffer) throws {
        switch data {
        case .connect(let options):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            out.writeString("CONNECT ")
            out.writeBytes(try encoder.encode(options))
            out.writeString("\r\n")
        case .publish(let subject, let replyTo, let headers, let payload):
            let reply = replyTo.map { " \($0)" } ?? ""
            if let headers, !headers.isEmpty {
                let block = headers.encoded()
                let headerLength = block.utf8.count
                out.writeString("HPUB \(subject)\(reply) \(headerLength) \(headerLength + payload.count)\r\n")
                out.writeString(block)
            } else {
                out.writeString("PUB \(subject)\(reply) \(payload.count)\r\n")
            }
            out.writeBytes(payload)
            out.writeString("\r\n")
        case .subscribe(let subject, let queue, let id):
            out.writeString("SUB \(subject)\(queue.map { " \($0)" } ?? "") \(id)\r\n")
        case .unsubscribe(let id, let max):
            out.writeString("UNSUB \(id)\(max.map { " \($0)" } ?? "")\r\n")
        case .ping:
            out.writeString("PING\r\n")
        case .pong:
            out.writeString("PONG\r\n")
        }
    }
}
