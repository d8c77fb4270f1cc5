import Foundation
import NIOCore

/// Splits the server's byte stream into ``NATSServerOperation``s.
///
/// A frame is a control line ending in CRLF, followed for `MSG`/`HMSG` by the announced number of bytes
/// and a CRLF. Partial frames wait for more bytes; anything that is not NATS protocol throws
/// ``NATSError/Code/protocolViolation``, which closes the connection.
struct NATSFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = NATSServerOperation

    /// The longest control line accepted (the server's own limit is 4 KiB).
    var maxControlLineLength = 4096
    /// The largest payload accepted.
    var maxPayload = 64 * 1024 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let operation = try decodeOperation(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(operation))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Decodes one operation, consuming its bytes, or returns `nil` (consuming nothing) if it is incomplete.
    func decodeOperation(_ buffer: inout ByteBuffer) throws -> NATSServerOperation? {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count > maxControlLineLength { throw violation("control line too long") }
            return nil
        }
        let lineLength = newline - view.startIndex
        guard lineLength <= maxControlLineLength else { throw violation("control line too long") }
        guard lineLength >= 1, view[newline - 1] == UInt8(ascii: "\r") else {
            throw violation("line not ended by CRLF")
        }
        guard let line = String(bytes: view[view.startIndex..<(newline - 1)], encoding: .utf8) else {
            throw violation("control line is not UTF-8")
        }
        let controlLength = lineLength + 1
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let verb = parts.first?.uppercased() else { throw violation("empty control line") }

        switch verb {
        case "PING", "PONG", "+OK":
            guard parts.count == 1 else { throw violation("unexpected arguments to \(verb)") }
            buffer.moveReaderIndex(forwardBy: controlLength)
            return verb == "PING" ? .ping : verb == "PONG" ? .pong : .ok
        case "-ERR":
            buffer.moveReaderIndex(forwardBy: controlLength)
            let text = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
            return .error(text.trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        case "INFO":
            let json = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
            guard let info = try? JSONDecoder().decode(NATSServerInfo.self, from: Data(json.utf8)) else {
                throw violation("INFO is not a JSON object")
            }
            buffer.moveReaderIndex(forwardBy: controlLength)
            return .info(info)
        case "MSG", "HMSG":
            let hasHeaders = verb == "HMSG"
            let arguments = parts.dropFirst().map(String.init)
            let sizes = hasHeaders ? 2 : 1
            guard arguments.count == 2 + sizes || arguments.count == 3 + sizes else {
                throw violation("\(verb) has \(arguments.count) arguments")
            }
            guard let id = UInt64(arguments[1]) else { throw violation("bad subscription id") }
            let replyTo = arguments.count == 3 + sizes ? arguments[2] : nil
            guard let total = Int(arguments[arguments.count - 1]), total >= 0, total <= maxPayload else {
                throw violation("bad payload size")
            }
            var headerLength = 0
            if hasHeaders {
                guard let value = Int(arguments[arguments.count - 2]), value >= 0, value <= total else {
                    throw violation("bad header size")
                }
                headerLength = value
            }
            guard view.count >= controlLength + total + 2 else { return nil }
            let bodyStart = view.startIndex + controlLength
            let end = bodyStart + total
            guard view[end] == UInt8(ascii: "\r"), view[end + 1] == UInt8(ascii: "\n") else {
                throw violation("payload not followed by CRLF")
            }
            var headers: NATSHeaders?
            if hasHeaders {
                guard let text = String(bytes: view[bodyStart..<(bodyStart + headerLength)], encoding: .utf8),
                    let parsed = NATSHeaders(parsing: text)
                else { throw violation("bad header block") }
                headers = parsed
            }
            let payload = Array(view[(bodyStart + headerLength)..<end])
            buffer.moveReaderIndex(forwardBy: controlLength + total + 2)
            return .message(
                NATSMessage(
                    subject: arguments[0],
                    subscriptionID: id,
                    replyTo: replyTo,
                    headers: headers,
                    payload: payload
                )
            )
        default:
            throw violation("unknown operation")
        }
    }

    private func violation(_ what: String) -> NATSError {
        NATSError(.protocolViolation, "The server sent invalid NATS protocol (\(what)).")
    }
}
