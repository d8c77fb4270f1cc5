import NIOCore

/// A command: its name and arguments, sent as a RESP array of bulk strings.
struct RESPCommand: Sendable, Hashable {
    var arguments: [[UInt8]]

    init(_ name: String, _ arguments: [UInt8]...) {
        self.arguments = [Array(name.utf8)] + arguments
    }

    init(arguments: [[UInt8]]) {
        self.arguments = arguments
    }

    /// The command name, for messages (arguments may hold secrets and are never shown).
    var name: String { String(decoding: arguments.first ?? [], as: UTF8.self) }
}

/// Writes ``RESPCommand``s as RESP arrays of bulk strings.
struct RESPCommandEncoder: MessageToByteEncoder {
    typealias OutboundIn = RESPCommand

    func encode(data: RESPCommand, out: inout ByteBuffer) throws {
        out.writeString("*\(data.arguments.count)\r\n")
        for argument in data.arguments {
            out.writeString("$\(argument.count)\r\n")
            out.writeBytes(argument)
            out.writeString("\r\n")
        }
    }
}

/// Matches replies to commands in order (Redis answers in the order it was asked), so commands can be pipelined.
///
/// Outbound it takes a command and the promise for its reply; inbound it fulfils the oldest promise.
/// When the connection closes, every waiting promise fails with ``RedisError/Code/connectionLost``.
final class RESPCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = (RESPCommand, EventLoopPromise<RESPValue>)
    typealias OutboundOut = RESPCommand

    private var waiting = CircularBuffer<EventLoopPromise<RESPValue>>()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = Self.unwrapInboundIn(data)
        guard let promise = waiting.popFirst() else {
            context.fireErrorCaught(RedisError(.protocolViolation, "The server sent a reply nobody asked for."))
            context.close(promise: nil)
            return
        }
        promise.succeed(value)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let (command, reply) = Self.unwrapOutboundIn(data)
        waiting.append(reply)
        context.write(Self.wrapOutboundOut(command), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionLost, "The connection to the Redis server was lost."))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(RedisError(.connectionLost, "The connection to the Redis server was lost."))
    }

    private func failAll(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
