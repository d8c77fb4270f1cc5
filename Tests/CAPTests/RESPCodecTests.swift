import NIOCore
import NIOEmbedded
import Testing

@testable import CAP

@Suite("RESP codec")
struct RESPCodecTests {
    func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(RESPCommandEncoder()))
        return channel
    }

    func read(_ channel: EmbeddedChannel) throws -> [RESPValue] {
        var values: [RESPValue] = []
        while let value = try channel.readInbound(as: RESPValue.self) { values.append(value) }
        return values
    }

    @Test func decodesEveryType() throws {
        let channel = try makeChannel()
        try channel.writeInbound(
            ByteBuffer(string: "+OK\r\n-ERR no\r\n:42\r\n$3\r\na\r\n\r\n$-1\r\n*2\r\n:1\r\n*-1\r\n*0\r\n")
        )
        #expect(
            try read(channel) == [
                .simpleString("OK"), .error("ERR no"), .integer(42), .bulkString(Array("a\r\n".utf8)), .bulkString(nil),
                .array([.integer(1), .array(nil)]), .array([]),
            ]
        )
    }

    @Test func waitsForSplitValues() throws {
        let channel = try makeChannel()
        for byte in Array("*2\r\n$5\r\nhello\r\n:-7\r\n".utf8) {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(try read(channel) == [.array([.bulkString(Array("hello".utf8)), .integer(-7)])])
    }

    @Test(arguments: ["?x\r\n", ":abc\r\n", "$3\r\nabcde", "$-5\r\n", "+OK\n"])
    func rejectsGarbage(_ wire: String) throws {
        let channel = try makeChannel()
        #expect {
            try channel.writeInbound(ByteBuffer(string: wire))
        } throws: { error in
            (error as? RedisError)?.code == .protocolViolation
        }
    }

    @Test func encodesCommandsAsBulkArrays() throws {
        let channel = try makeChannel()
        try channel.writeOutbound(RESPCommand("SET", Array("k".utf8), Array("v\r\n".utf8)))
        var buffer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(buffer.readString(length: buffer.readableBytes) == "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\r\n\r\n")
    }

    @Test func commandHandlerMatchesRepliesInOrderAndFailsOnClose() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers(
            ByteToMessageHandler(RESPDecoder()),
            MessageToByteHandler(RESPCommandEncoder()),
            RESPCommandHandler()
        )
        let first = channel.eventLoop.makePromise(of: RESPValue.self)
        let second = channel.eventLoop.makePromise(of: RESPValue.self)
        let third = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.writeAndFlush((RESPCommand("PING"), first), promise: nil)
        channel.writeAndFlush((RESPCommand("GET", Array("k".utf8)), second), promise: nil)
        channel.writeAndFlush((RESPCommand("GET", Array("j".utf8)), third), promise: nil)
        try channel.writeInbound(ByteBuffer(string: "+PONG\r\n$1\r\nv\r\n"))
        #expect(try first.futureResult.wait() == .simpleString("PONG"))
        #expect(try second.futureResult.wait() == .bulkString([0x76]))
        _ = try channel.finish()
        #expect(throws: RedisError.self) { try third.futureResult.wait() }
    }

    @Test func urlsGivePasswordDatabaseAndHideThePassword() throws {
        let configuration = try RedisConfiguration(url: "redis://:s3cret@127.0.0.1:6390/3")
        #expect(configuration.password == "s3cret")
        #expect(configuration.user == nil)
        #expect(configuration.port == 6390)
        #expect(configuration.database == 3)
        #expect(!configuration.description.contains("s3cret"))
        let plain = try RedisConfiguration(url: "redis://localhost")
        #expect(plain.port == 6379 && plain.database == 0 && plain.password == nil)
        #expect(throws: RedisError.self) { try RedisConfiguration(url: "redis://h/x") }
    }
}
