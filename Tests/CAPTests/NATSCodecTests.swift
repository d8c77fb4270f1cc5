import NIOCore
import NIOEmbedded
import Testing

@testable import CAP

@Suite("NATS codec")
struct NATSCodecTests {
    func makeChannel() throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NATSFrameDecoder()))
        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(NATSOperationEncoder()))
        return channel
    }

    func feed(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    func read(_ channel: EmbeddedChannel) throws -> [NATSServerOperation] {
        var result: [NATSServerOperation] = []
        while let operation = try channel.readInbound(as: NATSServerOperation.self) { result.append(operation) }
        return result
    }

    @Test func decodesControlOperations() throws {
        let channel = try makeChannel()
        try feed(channel, "INFO {\"server_id\":\"x\",\"max_payload\":1024,\"headers\":true}\r\nPING\r\nPONG\r\n+OK\r\n")
        try feed(channel, "-ERR 'Authorization Violation'\r\n")
        let operations = try read(channel)
        #expect(operations.count == 5)
        guard case .info(let info) = operations[0] else {
            Issue.record("not INFO")
            return
        }
        #expect(info.maxPayload == 1024)
        #expect(operations[1] == .ping)
        #expect(operations[2] == .pong)
        #expect(operations[3] == .ok)
        #expect(operations[4] == .error("Authorization Violation"))
    }

    @Test func decodesMessagesWithAndWithoutReply() throws {
        let channel = try makeChannel()
        try feed(channel, "MSG a.b 7 5\r\nhello\r\nMSG a.b 7 _INBOX.1 0\r\n\r\n")
        let operations = try read(channel)
        #expect(
            operations == [
                .message(NATSMessage(subject: "a.b", subscriptionID: 7, payload: Array("hello".utf8))),
                .message(NATSMessage(subject: "a.b", subscriptionID: 7, replyTo: "_INBOX.1", payload: [])),
            ]
        )
    }

    @Test func decodesHeaderMessagesAndStatus() throws {
        let channel = try makeChannel()
        let block = "NATS/1.0\r\nNats-Msg-Id: jobreq:1\r\nX: y\r\n\r\n"
        let body = block + "abc"
        try feed(channel, "HMSG s 1 r \(block.utf8.count) \(body.utf8.count)\r\n\(body)\r\n")
        try feed(channel, "HMSG _INBOX.x 2 16 16\r\nNATS/1.0 503\r\n\r\n\r\n")
        let operations = try read(channel)
        guard operations.count == 2, case .message(let first) = operations[0], case .message(let second) = operations[1]
        else {
            Issue.record("expected two messages, got \(operations)")
            return
        }
        #expect(first.headers?["nats-msg-id"] == "jobreq:1")
        #expect(first.headers?["X"] == "y")
        #expect(first.replyTo == "r")
        #expect(first.payload == Array("abc".utf8))
        #expect(second.headers?.status == 503)
        #expect(second.payload.isEmpty)
    }

    @Test func waitsForSplitFramesByteByByte() throws {
        let channel = try makeChannel()
        let wire = "MSG sys.job.result 3 4\r\n\u{0}\u{1}\r\n\r\nPING\r\n"
        for byte in Array(wire.utf8) {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(
            try read(channel) == [
                .message(NATSMessage(subject: "sys.job.result", subscriptionID: 3, payload: [0, 1, 13, 10])), .ping,
            ]
        )
    }

    @Test(arguments: [
        "HELLO world\r\n",
        "MSG a 1\r\n",
        "MSG a x 3\r\nabc\r\n",
        "MSG a 1 3\r\nabcXY",
        "PING\n",
        "INFO not-json\r\n",
        String(repeating: "x", count: 5000),
    ])
    func rejectsGarbage(_ wire: String) throws {
        let channel = try makeChannel()
        #expect {
            try channel.writeInbound(ByteBuffer(string: wire))
        } throws: { error in
            (error as? NATSError)?.code == .protocolViolation
        }
    }

    @Test func encodesClientOperations() throws {
        let channel = try makeChannel()
        var headers = NATSHeaders()
        headers.add("Nats-Msg-Id", "1")
        try channel.writeOutbound(
            NATSClientOperation.publish(subject: "a", replyTo: nil, headers: nil, payload: [0x41])
        )
        try channel.writeOutbound(
            NATSClientOperation.publish(subject: "a", replyTo: "r", headers: headers, payload: [0x41])
        )
        try channel.writeOutbound(NATSClientOperation.subscribe(subject: "job.>", queue: "pool", id: 4))
        try channel.writeOutbound(NATSClientOperation.unsubscribe(id: 4, max: 1))
        try channel.writeOutbound(NATSClientOperation.ping)
        try channel.writeOutbound(NATSClientOperation.pong)
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) {
            text += buffer.readString(length: buffer.readableBytes)!
        }
        #expect(
            text
                == "PUB a 1\r\nA\r\nHPUB a r 28 29\r\nNATS/1.0\r\nNats-Msg-Id: 1\r\n\r\nA\r\n"
                + "SUB job.> pool 4\r\nUNSUB 4 1\r\nPING\r\nPONG\r\n"
        )
    }

    @Test func connectCarriesCredentialsButDescriptionHidesThem() throws {
        let channel = try makeChannel()
        let options = try NATSConnectOptions(name: "w", authentication: .userPassword(user: "u", password: "s3cret"))
        try channel.writeOutbound(NATSClientOperation.connect(options))
        var buffer = try #require(try channel.readOutbound(as: ByteBuffer.self))
        let line = buffer.readString(length: buffer.readableBytes)!
        #expect(line.hasPrefix("CONNECT {"))
        #expect(line.contains("\"pass\":\"s3cret\""))
        #expect(line.contains("\"headers\":true"))
        #expect(!options.description.contains("s3cret"))
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = NATSReconnectPolicy(initialDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0.5)
        #expect(policy.delay(beforeAttempt: 1, random: 0) == .zero)
        #expect(policy.delay(beforeAttempt: 2, random: 0) == .milliseconds(100))
        #expect(policy.delay(beforeAttempt: 3, random: 0) == .milliseconds(200))
        #expect(policy.delay(beforeAttempt: 10, random: 0) == .seconds(1))
        #expect(policy.delay(beforeAttempt: 10, random: 1) == .milliseconds(500))
    }

    @Test func urlsGiveCredentialsAndHideThem() throws {
        let user = try NATSConfiguration(url: "nats://alice:s3cret@127.0.0.1:4333")
        #expect(user.authentication == .userPassword(user: "alice", password: "s3cret"))
        #expect(user.port == 4333)
        #expect(!user.description.contains("s3cret"))
        let token = try NATSConfiguration(url: "nats://tok3n@localhost")
        #expect(token.authentication == .token("tok3n"))
        #expect(token.port == 4222)
        #expect(throws: NATSError.self) { try NATSConfiguration(url: "http://x:secret@h") }
        do {
            _ = try NATSConfiguration(url: "nats//user:pw-in-url@")
        } catch let error as NATSError {
            #expect(error.code == .invalidURL)
            #expect(!error.description.contains("pw-in-url"))
        }
    }
}
