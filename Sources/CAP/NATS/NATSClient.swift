import Foundation
public import NIOCore
import NIOPosix
import Synchronization

/// An async NATS client over SwiftNIO: publish (with headers), subscribe (with queue groups), request/reply,
/// flush, keep-alive `PING`s that detect a dead server, a handshake timeout, and automatic reconnect with backoff
/// that re-creates every subscription.
///
/// ```swift
/// let client = NATSClient(configuration: try NATSConfiguration(url: "nats://127.0.0.1:4222"))
/// try await client.connect()
/// let jobs = try await client.subscribe(to: "worker.w1.jobs")
/// try await client.publish("sys.heartbeat", payload: bytes)
/// for try await message in jobs { … }
/// await client.close()
/// ```
public actor NATSClient {
    /// The configuration the client was created with.
    public nonisolated let configuration: NATSConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private let clock: any Clock<Duration>

    enum Phase: Equatable {
        case idle, connecting, connected, reconnecting, closed
    }

    struct SubscriptionState {
        var subject: String
        var queue: String?
        var continuation: AsyncThrowingStream<NATSMessage, any Error>.Continuation
        var counters: NATSSubscription.Counters
        var policy: NATSSlowConsumerPolicy
        var remaining: Int?
    }

    private var phase = Phase.idle
    private var outbound: NIOAsyncChannelOutboundWriter<NATSClientOperation>?
    private var currentChannel: (any Channel)?
    private var subscriptions: [UInt64: SubscriptionState] = [:]
    private var nextSubscriptionID: UInt64 = 1
    /// One entry per `PING` sent, in order: a flush waiting for its `PONG`, or `nil` for a keep-alive `PING` (or a
    /// flush that already timed out), so that `PONG`s are matched to the right `PING`.
    private var pendingPongs: [CheckedContinuation<Void, any Error>?] = []
    private var reconnectBuffer: [NATSClientOperation] = []
    private var reconnectBufferBytes = 0
    private var supervisor: Task<Void, Never>?
    private var firstConnect: CheckedContinuation<Void, any Error>?
    private var maxPayload = 1024 * 1024
    private var attempt = 0
    private var established = false
    private var handshakeWatchdog: Task<Void, Never>?
    private var handshakeExpired = false
    private var keepAlive: Task<Void, Never>?

    /// Keep-alive `PING`s sent on the current connection and not answered yet.
    public private(set) var pingsOutstanding = 0

    /// How many times a connection was declared dead because ``NATSConfiguration/maxPingsOutstanding`` `PING`s went
    /// unanswered (each such connection is closed and re-established).
    public private(set) var staleConnectionCount = 0

    /// How many times the client has re-established a lost connection.
    public private(set) var reconnectCount = 0

    /// Whether the client is connected right now.
    public var isConnected: Bool { phase == .connected }

    /// Creates a client on NIO's shared event loops; call ``connect()`` before using it.
    /// - Parameter configuration: Where and how to connect.
    public init(configuration: NATSConfiguration) {
        self.init(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    /// Creates a client; call ``connect()`` before using it.
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - eventLoopGroup: The NIO event loops to use.
    public init(configuration: NATSConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.init(configuration: configuration, eventLoopGroup: eventLoopGroup, clock: ContinuousClock())
    }

    /// Creates a client whose handshake timeout and keep-alive `PING`s run on `clock` (tests pass a manual clock);
    /// call ``connect()`` before using it.
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - eventLoopGroup: The NIO event loops to use.
    ///   - clock: What the handshake timeout and the `PING` interval sleep on.
    public init(
        configuration: NATSConfiguration,
        eventLoopGroup: any EventLoopGroup,
        clock: any Clock<Duration>
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.clock = clock
    }

    /// Creates a client on NIO's shared event loops whose handshake timeout and keep-alive `PING`s run on `clock`.
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - clock: What the handshake timeout and the `PING` interval sleep on.
    public init(configuration: NATSConfiguration, clock: any Clock<Duration>) {
        self.init(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton, clock: clock)
    }

    /// Connects and performs the handshake (`INFO`, `CONNECT`, `PING`/`PONG`); one attempt, no retry.
    ///
    /// After it returns, a lost connection is re-established in the background as the reconnect policy says.
    /// - Throws: ``NATSError`` with code `connectionFailed`, `timeout` (the handshake took longer than
    ///   ``NATSConfiguration/handshakeTimeout``), `authorizationFailed`, `serverError`, `protocolViolation` or
    ///   `clientClosed`.
    public func connect() async throws {
        guard phase == .idle else {
            if phase == .closed { throw NATSError(.clientClosed, "The NATS client is closed.") }
            return
        }
        phase = .connecting
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            firstConnect = continuation
            supervisor = Task { await self.supervise() }
        }
    }

    /// Closes the connection and ends every subscription's sequence. Idempotent.
    public func close() async {
        guard phase != .closed else { return }
        phase = .closed
        supervisor?.cancel()
        keepAlive?.cancel()
        handshakeWatchdog?.cancel()
        currentChannel?.close(promise: nil)
        await supervisor?.value
        finishAll(error: nil)
    }

    // MARK: Publishing and subscribing

    /// Publishes a message (`PUB`, or `HPUB` when `headers` are given).
    /// - Parameters:
    ///   - subject: The subject; no whitespace.
    ///   - payload: The bytes to send.
    ///   - headers: Optional headers.
    ///   - replyTo: Optional reply subject.
    /// - Throws: ``NATSError`` (`invalidSubject`, `payloadTooLarge`, `reconnectBufferFull`, `clientClosed`).
    public func publish(
        _ subject: String,
        payload: [UInt8],
        headers: NATSHeaders? = nil,
        replyTo: String? = nil
    ) async throws {
        try Self.validate(subject: subject)
        if let replyTo { try Self.validate(subject: replyTo) }
        guard payload.count <= maxPayload else {
            throw NATSError(.payloadTooLarge, "The payload of \(payload.count) bytes exceeds the server's limit.")
        }
        try await send(.publish(subject: subject, replyTo: replyTo, headers: headers, payload: payload))
    }

    /// Subscribes to `subject`, optionally in a queue group (each message goes to one member of the group).
    /// - Parameters:
    ///   - subject: The subject, with `*`/`>` wildcards allowed.
    ///   - queue: The queue group.
    ///   - bufferLimit: Messages buffered before the slow-consumer policy applies (default from the configuration).
    ///   - slowConsumerPolicy: The policy (default from the configuration).
    /// - Returns: The subscription's messages.
    public func subscribe(
        to subject: String,
        queue: String? = nil,
        bufferLimit: Int? = nil,
        slowConsumerPolicy: NATSSlowConsumerPolicy? = nil
    ) async throws -> NATSSubscription {
        try await makeSubscription(
            subject: subject,
            queue: queue,
            maxMessages: nil,
            bufferLimit: bufferLimit ?? configuration.subscriptionBufferLimit,
            policy: slowConsumerPolicy ?? configuration.slowConsumerPolicy
        )
    }

    func makeSubscription(
        subject: String,
        queue: String?,
        maxMessages: Int?,
        bufferLimit: Int,
        policy: NATSSlowConsumerPolicy
    ) async throws -> NATSSubscription {
        try Self.validate(subject: subject)
        if let queue { try Self.validate(subject: queue) }
        guard phase != .closed else { throw NATSError(.clientClosed, "The NATS client is closed.") }
        let id = nextSubscriptionID
        nextSubscriptionID += 1
        let (stream, continuation) = AsyncThrowingStream<NATSMessage, any Error>.makeStream(
            bufferingPolicy: .bufferingOldest(max(bufferLimit, 1))
        )
        let counters = NATSSubscription.Counters()
        continuation.onTermination = { [weak self] termination in
            guard case .cancelled = termination, let self else { return }
            Task { await self.removeSubscription(id: id, sendUnsubscribe: true) }
        }
        subscriptions[id] = SubscriptionState(
            subject: subject,
            queue: queue,
            continuation: continuation,
            counters: counters,
            policy: policy,
            remaining: maxMessages
        )
        if phase == .connected, let outbound {
            try? await outbound.write(.subscribe(subject: subject, queue: queue, id: id))
            if let maxMessages { try? await outbound.write(.unsubscribe(id: id, max: maxMessages)) }
        }
        return NATSSubscription(
            id: id,
            subject: subject,
            queue: queue,
            stream: stream,
            counters: counters,
            client: self
        )
    }

    func removeSubscription(id: UInt64, sendUnsubscribe: Bool) async {
        guard let state = subscriptions.removeValue(forKey: id) else { return }
        state.continuation.finish()
        if sendUnsubscribe, phase == .connected, let outbound {
            try? await outbound.write(.unsubscribe(id: id, max: nil))
        }
    }

    /// Waits until the server has processed everything sent so far (a `PING`/`PONG` round trip).
    /// - Parameter timeout: How long to wait.
    /// - Throws: ``NATSError`` (`timeout`, `connectionLost`, `clientClosed`).
    public func flush(timeout: Duration = .seconds(5)) async throws {
        guard phase == .connected, let outbound else {
            throw NATSError(.connectionLost, "The NATS client is not connected.")
        }
        let timer = Task { [weak self] in
            try await Task.sleep(for: timeout)
            await self?.failPendingPongs(NATSError(.timeout, "The server did not answer PING in time."))
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            pendingPongs.append(continuation)
            Task { try? await outbound.write(.ping) }
        }
    }

    /// Fails every waiting flush. On a timeout the entries stay (as `nil`) so later `PONG`s still line up with
    /// their `PING`s; when the connection is gone they are dropped.
    private func failPendingPongs(_ error: NATSError) {
        let waiting = pendingPongs
        pendingPongs = error.code == .timeout ? waiting.map { _ in nil } : []
        for continuation in waiting { continuation?.resume(throwing: error) }
    }

    // MARK: Sending

    private func send(_ operation: NATSClientOperation) async throws {
        switch phase {
        case .closed:
            throw NATSError(.clientClosed, "The NATS client is closed.")
        case .connected:
            if let outbound {
                do {
                    try await outbound.write(operation)
                    return
                } catch {
                    // The connection went away under us: keep the message for the next connection.
                }
            }
            try buffer(operation)
        case .idle, .connecting, .reconnecting:
            try buffer(operation)
        }
    }

    private func buffer(_ operation: NATSClientOperation) throws {
        guard phase != .idle else { throw NATSError(.connectionLost, "The NATS client is not connected yet.") }
        let size = operation.approximateSize
        guard reconnectBufferBytes + size <= configuration.reconnectBufferLimit else {
            throw NATSError(.reconnectBufferFull, "Too much was published while reconnecting to NATS.")
        }
        reconnectBuffer.append(operation)
        reconnectBufferBytes += size
    }

    // MARK: Connection lifecycle

    private func supervise() async {
        while phase != .closed {
            attempt += 1
            if established {
                let delay = configuration.reconnect.delay(beforeAttempt: attempt, random: Double.random(in: 0..<1))
                if delay > .zero {
                    do { try await Task.sleep(for: delay) } catch { break }
                }
                if phase == .closed { break }
            }
            do {
                let channel = try await openChannel()
                currentChannel = channel.channel
                if phase == .closed {
                    channel.channel.close(promise: nil)
                    break
                }
                startHandshakeWatchdog(channel.channel)
                do {
                    try await runConnection(channel)
                } catch {
                    throw handshakeExpired ? handshakeTimeoutError() : error
                }
            } catch {
                if !established {
                    stopConnectionTimers()
                    phase = .closed
                    firstConnect?.resume(throwing: error)
                    firstConnect = nil
                    break
                }
            }
            stopConnectionTimers()
            outbound = nil
            currentChannel = nil
            failPendingPongs(NATSError(.connectionLost, "The connection to the NATS server was lost."))
            guard phase != .closed else { break }
            let policy = configuration.reconnect
            if !policy.enabled || (policy.maxAttempts.map { attempt >= $0 } ?? false) {
                phase = .closed
                finishAll(error: NATSError(.reconnectFailed, "Gave up reconnecting to \(configuration)."))
                break
            }
            phase = .reconnecting
        }
        outbound = nil
        currentChannel = nil
    }

    /// Closes `channel` if the handshake has not finished within ``NATSConfiguration/handshakeTimeout``.
    private func startHandshakeWatchdog(_ channel: any Channel) {
        handshakeExpired = false
        let timeout = configuration.handshakeTimeout
        let clock = self.clock
        handshakeWatchdog = Task { [weak self] in
            do { try await clock.sleep(for: timeout) } catch { return }
            await self?.expireHandshake(channel)
        }
    }

    private func expireHandshake(_ channel: any Channel) {
        guard !Task.isCancelled, outbound == nil, currentChannel === channel else { return }
        handshakeExpired = true
        channel.close(promise: nil)
    }

    private nonisolated func handshakeTimeoutError() -> NATSError {
        NATSError(
            .timeout,
            "The NATS server at \(configuration) did not complete the handshake (INFO, CONNECT, PING/PONG) within \(configuration.handshakeTimeout)."
        )
    }

    private func stopConnectionTimers() {
        handshakeWatchdog?.cancel()
        handshakeWatchdog = nil
        keepAlive?.cancel()
        keepAlive = nil
        pingsOutstanding = 0
    }

    /// Sends a keep-alive `PING` every ``NATSConfiguration/pingInterval``; when
    /// ``NATSConfiguration/maxPingsOutstanding`` are unanswered the server is taken for dead: the connection is
    /// closed, and the supervisor reconnects.
    private func startKeepAlive(_ writer: NIOAsyncChannelOutboundWriter<NATSClientOperation>, _ channel: any Channel) {
        let interval = configuration.pingInterval
        guard interval > .zero else { return }
        let clock = self.clock
        keepAlive = Task { [weak self] in
            while !Task.isCancelled {
                do { try await clock.sleep(for: interval) } catch { return }
                guard let self, await self.sendKeepAlivePing(writer, channel) else { return }
            }
        }
    }

    /// One keep-alive tick; returns whether to go on.
    private func sendKeepAlivePing(
        _ writer: NIOAsyncChannelOutboundWriter<NATSClientOperation>,
        _ channel: any Channel
    ) async -> Bool {
        guard !Task.isCancelled, phase == .connected, currentChannel === channel else { return false }
        if pingsOutstanding >= configuration.maxPingsOutstanding {
            staleConnectionCount += 1
            channel.close(promise: nil)
            return false
        }
        pingsOutstanding += 1
        pendingPongs.append(nil)
        try? await writer.write(.ping)
        return true
    }

    private func openChannel() async throws -> NIOAsyncChannel<NATSServerOperation, NATSClientOperation> {
        let timeout = TimeAmount.nanoseconds(
            configuration.connectTimeout.components.seconds * 1_000_000_000
                + configuration.connectTimeout.components.attoseconds / 1_000_000_000
        )
        do {
            return try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(NATSFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(NATSOperationEncoder()))
                        return try NIOAsyncChannel<NATSServerOperation, NATSClientOperation>(
                            wrappingChannelSynchronously: channel
                        )
                    }
                }
        } catch {
            throw NATSError(.connectionFailed, "Could not connect to the NATS server at \(configuration).")
        }
    }

    /// Runs one connection: handshake, then reads until the connection ends. Not isolated, so that the inbound
    /// iterator stays in one task; each operation hops to the actor.
    private nonisolated func runConnection(
        _ channel: NIOAsyncChannel<NATSServerOperation, NATSClientOperation>
    ) async throws {
        try await channel.executeThenClose { inbound, outbound in
            var iterator = inbound.makeAsyncIterator()
            try await self.handshake(&iterator, outbound, channel.channel)
            await self.connectionReady(outbound, channel.channel)
            while let operation = try await iterator.next() {
                try await self.handle(operation, outbound)
            }
        }
    }

    private func connectionReady(
        _ writer: NIOAsyncChannelOutboundWriter<NATSClientOperation>,
        _ channel: any Channel
    ) async {
        handshakeWatchdog?.cancel()
        handshakeWatchdog = nil
        pingsOutstanding = 0
        startKeepAlive(writer, channel)
        attempt = 0
        if established { reconnectCount += 1 }
        established = true
        becomeConnected(writer)
        await restoreState(writer)
    }

    private func updateMaxPayload(_ info: NATSServerInfo) {
        if let limit = info.maxPayload, limit > 0 { maxPayload = limit }
    }

    private nonisolated func handshake(
        _ iterator: inout NIOAsyncChannelInboundStream<NATSServerOperation>.AsyncIterator,
        _ outbound: NIOAsyncChannelOutboundWriter<NATSClientOperation>,
        _ channel: any Channel
    ) async throws {
        guard case .info(let info)? = try await iterator.next() else {
            throw NATSError(.protocolViolation, "The server at \(configuration) did not start with INFO.")
        }
        await updateMaxPayload(info)
        let secured = try await upgradeToTLSIfNeeded(info, channel)
        let options = try NATSConnectOptions(
            name: configuration.name,
            authentication: configuration.authentication,
            nonce: info.nonce,
            tlsRequired: secured
        )
        do {
            try await outbound.write(.connect(options))
            try await outbound.write(.ping)
        } catch {
            // The server may have refused CONNECT with -ERR and closed before PING went out: report its reason.
            while let operation = try? await iterator.next() {
                if case .error(let text) = operation { throw serverError(text) }
            }
            if secured { throw tlsHandshakeError(error) }
            throw NATSError(
                .connectionLost,
                "The NATS server at \(configuration) closed the connection during the handshake."
            )
        }
        while true {
            let operation: NATSServerOperation?
            do {
                operation = try await iterator.next()
            } catch let error as NATSError {
                throw error
            } catch {
                if secured { throw tlsHandshakeError(error) }
                throw error
            }
            switch operation {
            case .pong?: return
            case .ping?: try await outbound.write(.pong)
            case .ok?, .info?, .message?: continue
            case .error(let text)?: throw serverError(text)
            case nil:
                throw NATSError(
                    .connectionLost,
                    "The NATS server at \(configuration) closed the connection during the handshake."
                )
            }
        }
    }

    /// Puts TLS under the connection when the configuration or the server asks for it; returns whether it did.
    private nonisolated func upgradeToTLSIfNeeded(_ info: NATSServerInfo, _ channel: any Channel) async throws -> Bool {
        let serverRequires = info.tlsRequired == true
        guard configuration.tls != nil || serverRequires else { return false }
        guard serverRequires || info.tlsAvailable == true else {
            throw NATSError(
                .tlsFailed,
                "The NATS server at \(configuration) does not offer TLS, but the configuration requires it."
            )
        }
        let settings = configuration.tls ?? TLSSettings()
        do {
            let context = try settings.makeContext()
            try await TLSSettings.addHandler(
                to: channel,
                context: context,
                serverName: settings.verifiedName(forHost: configuration.host)
            )
        } catch let problem as TLSSettings.Problem {
            throw NATSError(
                .tlsFailed,
                "TLS to the NATS server at \(configuration) cannot be set up: \(problem.message)."
            )
        } catch {
            throw tlsHandshakeError(error)
        }
        return true
    }

    private nonisolated func tlsHandshakeError(_ error: any Error) -> NATSError {
        NATSError(
            .tlsFailed,
            "The TLS handshake with the NATS server at \(configuration) failed (\(error)); check the CA, the server "
                + "name and the client certificate."
        )
    }

    private nonisolated func serverError(_ text: String) -> NATSError {
        let lowered = text.lowercased()
        if lowered.contains("timeout") {
            // `Authentication Timeout`: the server gave up waiting for CONNECT; the credentials were not judged.
            return NATSError(
                .timeout,
                "The NATS server at \(configuration) closed the connection before the client had authenticated "
                    + "(\(scrub(text))): the server's authorization timeout ran out, not the credentials."
            )
        }
        if lowered.contains("authorization") || lowered.contains("authentication") || lowered.contains("user") {
            return NATSError(.authorizationFailed, "The NATS server at \(configuration) rejected the credentials.")
        }
        return NATSError(.serverError, "The NATS server reported an error: \(scrub(text)).")
    }

    /// Removes any configured secret from server-provided text.
    private nonisolated func scrub(_ text: String) -> String {
        var result = text
        for secret in configuration.authentication.secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    private func becomeConnected(_ writer: NIOAsyncChannelOutboundWriter<NATSClientOperation>) {
        outbound = writer
        phase = .connected
        firstConnect?.resume()
        firstConnect = nil
    }

    private func restoreState(_ writer: NIOAsyncChannelOutboundWriter<NATSClientOperation>) async {
        for (id, state) in subscriptions.sorted(by: { $0.key < $1.key }) {
            try? await writer.write(.subscribe(subject: state.subject, queue: state.queue, id: id))
            if let remaining = state.remaining { try? await writer.write(.unsubscribe(id: id, max: remaining)) }
        }
        let buffered = reconnectBuffer
        reconnectBuffer = []
        reconnectBufferBytes = 0
        for operation in buffered { try? await writer.write(operation) }
    }

    private func handle(
        _ operation: NATSServerOperation,
        _ outbound: NIOAsyncChannelOutboundWriter<NATSClientOperation>
    ) async throws {
        switch operation {
        case .ping:
            try await outbound.write(.pong)
        case .pong:
            pingsOutstanding = 0
            if !pendingPongs.isEmpty { pendingPongs.removeFirst()?.resume() }
        case .ok:
            break
        case .info(let info):
            updateMaxPayload(info)
        case .error(let text):
            if let subject = Self.deniedSubscription(text) {
                endSubscriptions(to: subject)
                return
            }
            let error = serverError(text)
            if error.code == .authorizationFailed { throw error }
        case .message(let message):
            await deliver(message)
        }
    }

    private func deliver(_ message: NATSMessage) async {
        guard var state = subscriptions[message.subscriptionID] else { return }
        switch state.continuation.yield(message) {
        case .enqueued:
            break
        case .dropped:
            if state.policy == .fail {
                subscriptions[message.subscriptionID] = nil
                state.continuation.finish(
                    throwing: NATSError(.slowConsumer, "The subscriber to '\(state.subject)' fell too far behind.")
                )
                if let outbound { try? await outbound.write(.unsubscribe(id: message.subscriptionID, max: nil)) }
                return
            }
            state.counters.dropped.add(1, ordering: .relaxed)
        case .terminated:
            subscriptions[message.subscriptionID] = nil
            return
        @unknown default:
            break
        }
        if let remaining = state.remaining {
            if remaining <= 1 {
                subscriptions[message.subscriptionID] = nil
                state.continuation.finish()
                return
            }
            state.remaining = remaining - 1
        }
        subscriptions[message.subscriptionID] = state
    }

    /// The subject of a `-ERR 'Permissions Violation for Subscription to "<subject>"…'`, if `text` is one.
    static func deniedSubscription(_ text: String) -> String? {
        guard text.lowercased().contains("permissions violation for subscription to"),
            let open = text.firstIndex(of: "\""),
            let close = text[text.index(after: open)...].firstIndex(of: "\"")
        else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    /// Ends the subscriptions to `subject` the server refused, with ``NATSError/Code/permissionDenied``.
    private func endSubscriptions(to subject: String) {
        for (id, state) in subscriptions where state.subject == subject {
            subscriptions[id] = nil
            state.continuation.finish(
                throwing: NATSError(
                    .permissionDenied,
                    "The NATS server does not allow this user to subscribe to '\(subject)'."
                )
            )
        }
    }

    private func finishAll(error: NATSError?) {
        let all = subscriptions
        subscriptions = [:]
        for state in all.values {
            if let error { state.continuation.finish(throwing: error) } else { state.continuation.finish() }
        }
        failPendingPongs(NATSError(.clientClosed, "The NATS client is closed."))
    }

    static func validate(subject: String) throws {
        guard !subject.isEmpty, !subject.contains(where: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
        else {
            throw NATSError(.invalidSubject, "The subject or queue '\(subject)' is empty or contains whitespace.")
        }
    }
}
