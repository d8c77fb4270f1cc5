import GRDB
import Synchronization

/// One consumer's events: first those read back from the audit log (after the id it resumed from), then live
/// ones. Ends when the consumer was cut off (``closeReason``) or the task is cancelled.
public final class EventFeed: Sendable {
    /// Why a feed ended.
    public enum CloseReason: String, Sendable {
        /// The consumer fell more than its buffer behind; resume with the last id received.
        case slowConsumer = "slow_consumer"
    }

    final class State: Sendable {
        private let reason = Mutex<CloseReason?>(nil)
        func close(_ why: CloseReason) { reason.withLock { $0 = $0 ?? why } }
        var closed: CloseReason? { reason.withLock { $0 } }
    }

    private let database: HostDatabase
    private let filter: EventFilter
    private let replayTo: Int64
    private let live: AsyncStream<HostEvent>
    private let continuation: AsyncStream<HostEvent>.Continuation
    private let state: State
    private let position: Mutex<(replayed: Int64, buffer: [HostEvent])>

    init(
        database: HostDatabase,
        filter: EventFilter,
        replayFrom: Int64,
        replayTo: Int64,
        live: AsyncStream<HostEvent>,
        continuation: AsyncStream<HostEvent>.Continuation,
        state: State
    ) {
        self.continuation = continuation
        self.database = database
        self.filter = filter
        self.replayTo = replayTo
        self.live = live
        self.state = state
        position = Mutex((replayFrom, []))
    }

    /// A keep-alive marker (``HostEvent/isKeepAlive``) for ``next()`` to return while nothing happens, so an idle
    /// connection is written to (and a gone client noticed). It takes a buffer place like an event.
    public func keepAlive() {
        if case .dropped = continuation.yield(HostEvent.keepAlive) {
            state.close(.slowConsumer)
            continuation.finish()
        }
    }

    /// Stops the feed (the consumer went away).
    public func cancel() {
        continuation.finish()
    }

    /// Why the feed ended, when it was cut off.
    public var closeReason: CloseReason? { state.closed }

    /// The next event, or nil when the feed ended.
    public func next() async throws(HostError) -> HostEvent? {
        while true {
            let (after, buffered) = position.withLock {
                ($0.replayed, $0.buffer.isEmpty ? nil : $0.buffer.removeFirst())
            }
            if let buffered { return buffered }
            guard after < replayTo else { break }
            let (events, last) = try database.read { db in
                let page = try HostEvent.read(after: after, upTo: replayTo, tenant: filter.tenantID, limit: 500, in: db)
                return (page.events.filter(filter.admits), page.last ?? replayTo)
            }
            position.withLock {
                $0.replayed = last
                $0.buffer += events
            }
        }
        var iterator = live.makeAsyncIterator()
        return await iterator.next()
    }
}
