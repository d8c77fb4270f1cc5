import Synchronization

/// The messages of one subscription, in arrival order, as an `AsyncSequence`.
///
/// Each subscription buffers at most ``NATSConfiguration/subscriptionBufferLimit`` messages (or the limit given to
/// ``NATSClient/subscribe(to:queue:bufferLimit:slowConsumerPolicy:)``). When the consumer falls that far behind,
/// the ``NATSSlowConsumerPolicy`` applies: `.dropNewest` drops the incoming message and counts it in
/// ``droppedMessages``; `.fail` ends the sequence with ``NATSError/Code/slowConsumer``.
/// The sequence ends without error when the subscription is unsubscribed or the client is closed,
/// and with ``NATSError/Code/reconnectFailed`` if the client gives up reconnecting.
/// Ending the iteration early (e.g. by cancelling the consuming task) unsubscribes.
public struct NATSSubscription: AsyncSequence, Sendable {
    public typealias Element = NATSMessage
    public typealias Failure = any Error

    /// The subscription id used on the wire.
    public let id: UInt64
    /// The subject (possibly with wildcards).
    public let subject: String
    /// The queue group, if any.
    public let queue: String?

    let stream: AsyncThrowingStream<NATSMessage, any Error>
    let counters: Counters
    let client: NATSClient

    /// Messages dropped so far because the consumer was too slow (policy `.dropNewest`).
    public var droppedMessages: Int { counters.dropped.load(ordering: .relaxed) }

    /// Unsubscribes; the sequence then ends after the messages already buffered.
    public func unsubscribe() async {
        await client.removeSubscription(id: id, sendUnsubscribe: true)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator())
    }

    /// The iterator of ``NATSSubscription``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<NATSMessage, any Error>.AsyncIterator

        public mutating func next() async throws -> NATSMessage? {
            try await base.next()
        }
    }

    final class Counters: Sendable {
        let dropped = Atomic<Int>(0)
    }
}
