import CAP
import ServerTesting
import Testing

@Suite("NATS client against nats-server", .serialized, .timeLimit(.minutes(3)))
struct NATSClientTests {
    func client(
        _ server: ServerProcess,
        _ credentials: String = "",
        configure: (inout NATSConfiguration) -> Void = { _ in }
    )
        async throws -> NATSClient
    {
        var configuration = try NATSConfiguration(url: "nats://\(credentials)127.0.0.1:\(server.port)")
        configuration.reconnect.initialDelay = .milliseconds(20)
        configuration.reconnect.maxDelay = .milliseconds(100)
        configure(&configuration)
        let client = NATSClient(configuration: configuration)
        try await client.connect()
        return client
    }

    @Test func publishesAndSubscribesWithHeaders() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let subscriber = try await client(server)
        let publisher = try await client(server)
        let messages = try await subscriber.subscribe(to: "sys.job.>")
        try await subscriber.flush()
        try await publisher.publish("sys.job.result", payload: [1, 2, 3])
        var headers = NATSHeaders()
        headers.add("Nats-Msg-Id", "sys.job.result:j1")
        try await publisher.publish("sys.job.dlq", payload: [4], headers: headers)
        var iterator = messages.makeAsyncIterator()
        let first = try #require(try await iterator.next())
        #expect(first.subject == "sys.job.result")
        #expect(first.payload == [1, 2, 3])
        #expect(first.headers == nil)
        let second = try #require(try await iterator.next())
        #expect(second.headers?["Nats-Msg-Id"] == "sys.job.result:j1")
        #expect(second.payload == [4])
        await subscriber.close()
        await publisher.close()
        #expect(try await iterator.next() == nil)
    }

    @Test func queueGroupSpreadsLoad() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let a = try await client(server)
        let b = try await client(server)
        let publisher = try await client(server)
        let subA = try await a.subscribe(to: "job.default", queue: "default")
        let subB = try await b.subscribe(to: "job.default", queue: "default")
        try await a.flush()
        try await b.flush()
        for i in 0..<100 { try await publisher.publish("job.default", payload: [UInt8(i)]) }
        try await publisher.flush()
        async let countA = Self.count(subA, within: .milliseconds(500))
        async let countB = Self.count(subB, within: .milliseconds(500))
        let (na, nb) = try await (countA, countB)
        #expect(na + nb == 100)
        #expect(na > 0 && nb > 0)
        for c in [a, b, publisher] { await c.close() }
    }

    static func count(_ subscription: NATSSubscription, within: Duration) async throws -> Int {
        try await withThrowingTaskGroup(of: Int?.self) { group in
            group.addTask {
                var n = 0
                for try await _ in subscription { n += 1 }
                return n
            }
            group.addTask {
                try await Task.sleep(for: within)
                await subscription.unsubscribe()
                return nil
            }
            var total = 0
            for try await value in group { if let value { total = value } }
            return total
        }
    }

    @Test func requestReplyAndNoResponders() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let responder = try await client(server)
        let requester = try await client(server)
        let requests = try await responder.subscribe(to: "svc.echo")
        try await responder.flush()
        let serve = Task {
            for try await request in requests {
                try await responder.publish(request.replyTo!, payload: request.payload.reversed())
            }
        }
        let reply = try await requester.request("svc.echo", payload: [1, 2], timeout: .seconds(2))
        #expect(reply.payload == [2, 1])
        await #expect {
            try await requester.request("svc.nobody", payload: [], timeout: .seconds(2))
        } throws: { ($0 as? NATSError)?.code == .noResponders }
        serve.cancel()
        await responder.close()
        await requester.close()
    }

    @Test func requestTimesOut() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let silent = try await client(server)
        let requester = try await client(server)
        let held = try await silent.subscribe(to: "svc.silent")  // kept alive: a dropped subscription unsubscribes
        try await silent.flush()
        await #expect {
            try await requester.request("svc.silent", payload: [], timeout: .milliseconds(200))
        } throws: { ($0 as? NATSError)?.code == .timeout }
        #expect(held.droppedMessages == 0)
        await silent.close()
        await requester.close()
    }

    @Test func reconnectsAndResubscribesAfterServerRestart() async throws {
        var server = try await ServerProcess.nats()
        defer { server.stop() }
        let subscriber = try await client(server)
        let messages = try await subscriber.subscribe(to: "worker.w1.jobs", queue: "w1")
        try await subscriber.flush()
        server.stop()
        #expect(try await eventually { await !subscriber.isConnected })
        server = try await server.restarted()
        #expect(try await eventually { await subscriber.isConnected })
        #expect(await subscriber.reconnectCount == 1)
        try await subscriber.flush()
        let publisher = try await client(server)
        try await publisher.publish("worker.w1.jobs", payload: [7])
        var iterator = messages.makeAsyncIterator()
        #expect(try await iterator.next()?.payload == [7])
        await subscriber.close()
        await publisher.close()
    }

    @Test func publishesWhileReconnectingAreSentAfterResubscribing() async throws {
        var server = try await ServerProcess.nats()
        defer { server.stop() }
        let c = try await client(server)
        let own = try await c.subscribe(to: "sys.heartbeat")
        server.stop()
        #expect(try await eventually { await !c.isConnected })
        try await c.publish("sys.heartbeat", payload: [9])
        server = try await server.restarted()
        var iterator = own.makeAsyncIterator()
        #expect(try await iterator.next()?.payload == [9])
        await c.close()
    }

    @Test func givesUpAfterMaxAttempts() async throws {
        let server = try await ServerProcess.nats()
        let subscriber = try await client(server) { $0.reconnect.maxAttempts = 2 }
        let messages = try await subscriber.subscribe(to: "x")
        server.stop()
        await #expect {
            for try await _ in messages {}
        } throws: { ($0 as? NATSError)?.code == .reconnectFailed }
        await #expect {
            try await subscriber.publish("x", payload: [])
        } throws: { ($0 as? NATSError)?.code == .clientClosed }
    }

    @Test(arguments: [
        (["--auth", "t0ken-secret"], "t0ken-secret@", true),
        (["--auth", "t0ken-secret"], "wrong-t0ken@", false),
        (["--user", "alice", "--pass", "pa55-secret"], "alice:pa55-secret@", true),
        (["--user", "alice", "--pass", "pa55-secret"], "alice:wrong-pa55@", false),
        (["--user", "alice", "--pass", "pa55-secret"], "", false),
    ])
    func authentication(serverArguments: [String], credentials: String, succeeds: Bool) async throws {
        let server = try await ServerProcess.nats(serverArguments)
        defer { server.stop() }
        if succeeds {
            let c = try await client(server, credentials)
            try await c.flush()
            await c.close()
            return
        }
        do {
            _ = try await client(server, credentials)
            Issue.record("connect succeeded with bad credentials")
        } catch let error as NATSError {
            #expect(error.code == .authorizationFailed)
            for secret in ["t0ken", "pa55", "wrong"] {
                #expect(!error.description.contains(secret))
            }
        }
    }

    @Test func slowConsumerDropsOrFails() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let c = try await client(server)
        let dropping = try await c.subscribe(to: "flood", bufferLimit: 10, slowConsumerPolicy: .dropNewest)
        let failing = try await c.subscribe(to: "flood", bufferLimit: 10, slowConsumerPolicy: .fail)
        try await c.flush()
        for i in 0..<50 { try await c.publish("flood", payload: [UInt8(i)]) }
        try await c.flush()
        #expect(try await eventually { dropping.droppedMessages == 40 })
        var received: [UInt8] = []
        var iterator = dropping.makeAsyncIterator()
        for _ in 0..<10 { received += try #require(try await iterator.next()).payload }
        #expect(received == Array(0..<10))
        var count = 0
        await #expect {
            for try await _ in failing { count += 1 }
        } throws: { ($0 as? NATSError)?.code == .slowConsumer }
        #expect(count == 10)
        await c.close()
    }

    @Test func rejectsBadSubjectsAndClosedClients() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let c = try await client(server)
        await #expect { try await c.publish("a b", payload: []) } throws: {
            ($0 as? NATSError)?.code == .invalidSubject
        }
        await c.close()
        await #expect { try await c.subscribe(to: "a") } throws: { ($0 as? NATSError)?.code == .clientClosed }
    }

    @Test func connectionRefusedIsConnectionFailed() async throws {
        let port = try ServerProcess.freePort()
        let c = NATSClient(configuration: try NATSConfiguration(url: "nats://u:secret-pw@127.0.0.1:\(port)"))
        await #expect {
            try await c.connect()
        } throws: { error in
            let error = error as? NATSError
            return error?.code == .connectionFailed && !(error?.description.contains("secret-pw") ?? true)
        }
    }
}
