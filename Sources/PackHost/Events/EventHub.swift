import Foundation
import GRDB
import StructuredData
import Synchronization

/// Tells every live consumer about new host events, as they are committed.
///
/// The audit log is the only source: a transaction observer on the host store notices committed audit
/// records, and one reader turns every new record into a ``HostEvent`` (at most once per record, whatever the
/// number of consumers) and offers it to each consumer's bounded buffer. Offering never waits: a consumer whose
/// buffer is full is cut off (``EventFeed/closeReason`` `slow_consumer`) and may resume from the last id it
/// received, so a slow consumer can never slow the host. Written here because no package maps a SQLite commit to
/// an async fan-out with per-consumer bounds; it is small on purpose.
public final class EventHub: Sendable {
    /// The default number of events a consumer may fall behind before it is cut off.
    public static let defaultCapacity = 1024

    let database: HostDatabase
    let core: EventHubCore
    private let observer: AuditCommitObserver

    /// Starts watching the audit log of `database`.
    public init(database: HostDatabase) throws(HostError) {
        self.database = database
        let pending = PendingFlag()
        let core = EventHubCore(database: database, listening: pending)
        self.core = core
        observer = AuditCommitObserver {
            // With nobody listening a commit costs nothing more; the next consumer starts from the head anyway.
            let start = pending.value.withLock { queued in
                if queued || pending.consumers.withLock({ $0 == 0 }) { return false }
                queued = true
                return true
            }
            guard start else { return }
            Task {
                pending.value.withLock { $0 = false }
                await core.pump()
            }
        }
        database.pool.add(transactionObserver: observer, extent: .observerLifetime)
    }

    /// A feed of the events `filter` admits: first those after `lastID` read back from the audit log (none when
    /// `lastID` is nil), then live ones, with no gap and no repeat where the two meet.
    /// - Parameter capacity: how many live events may wait for the consumer before it is cut off.
    public func subscribe(_ filter: EventFilter, after lastID: Int64?, capacity: Int = defaultCapacity)
        async throws(HostError) -> EventFeed
    {
        let (stream, continuation) = AsyncStream.makeStream(
            of: HostEvent.self,
            bufferingPolicy: .bufferingOldest(max(1, capacity))
        )
        let state = EventFeed.State()
        let (id, head) = try await core.register(filter: filter, continuation: continuation, state: state)
        continuation.onTermination = { [core] _ in Task { await core.remove(id) } }
        // A commit that raced the registration (while nobody was listening yet) is offered now.
        await core.pump()
        return EventFeed(
            database: database,
            filter: filter,
            replayFrom: lastID.map { min($0, head) } ?? head,
            replayTo: head,
            live: stream,
            continuation: continuation,
            state: state
        )
    }

    /// How many live consumers (event streams, WebSocket clients) are connected.
    public var consumerCount: Int {
        get async { await core.count }
    }

    /// Reads and offers whatever was committed since the last look (tests and shutdown call it directly).
    public func flush() async {
        await core.pump()
    }
}

/// The one reader of new audit records, and the consumers it offers them to.
actor EventHubCore {
    struct Consumer {
        var filter: EventFilter
        var continuation: AsyncStream<HostEvent>.Continuation
        var state: EventFeed.State
    }

    private let database: HostDatabase
    private let listening: PendingFlag
    private var cursor: Int64?
    private var consumers: [Int: Consumer] = [:] {
        didSet { listening.consumers.withLock { $0 = consumers.count } }
    }
    private var nextID = 0

    init(database: HostDatabase, listening: PendingFlag) {
        self.database = database
        self.listening = listening
    }

    /// Adds a consumer.
    /// - Returns: its id, and the sequence number live offers start after.
    func register(
        filter: EventFilter,
        continuation: AsyncStream<HostEvent>.Continuation,
        state: EventFeed.State
    ) throws(HostError) -> (Int, Int64) {
        pump()
        let head: Int64
        if let cursor {
            head = cursor
        } else {
            head = try currentHead()
        }
        cursor = head
        nextID += 1
        consumers[nextID] = Consumer(filter: filter, continuation: continuation, state: state)
        return (nextID, head)
    }

    var count: Int { consumers.count }

    func remove(_ id: Int) {
        consumers[id] = nil
    }

    private func currentHead() throws(HostError) -> Int64 {
        try database.read { db -> Int64 in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log")
            return head ?? 0
        }
    }

    /// Offers every record after the cursor to the consumers; with none, only moves the cursor.
    func pump() {
        guard let start = cursor else { return }
        guard !consumers.isEmpty else {
            cursor = try? currentHead()
            return
        }
        var after = start
        while true {
            let page: [HostEvent]
            let last: Int64?
            do {
                (page, last) = try database.read { db in
                    let records = try AuditLog.records(tenant: nil, since: after, limit: 500, in: db)
                    return (try records.compactMap { try HostEvent.from($0, in: db) }, records.last?.sequence)
                }
            } catch {
                // The next commit tries again from the same place.
                return
            }
            guard let last else { break }
            for event in page { offer(event) }
            after = last
            cursor = last
        }
    }

    private func offer(_ event: HostEvent) {
        for (id, consumer) in consumers where consumer.filter.admits(event) {
            if case .dropped = consumer.continuation.yield(event) {
                consumer.state.close(.slowConsumer)
                consumer.continuation.finish()
                consumers[id] = nil
            }
        }
    }
}

/// Notices commits that appended audit records.
final class AuditCommitObserver: TransactionObserver, @unchecked Sendable {
    // Only touched on the store's writer queue, which GRDB serializes.
    private var changed = false
    private let onCommit: @Sendable () -> Void

    init(onCommit: @escaping @Sendable () -> Void) {
        self.onCommit = onCommit
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        if case .insert(let table) = eventKind { return table == "audit_log" }
        return false
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
    }

    func databaseDidCommit(_ db: Database) {
        guard changed else { return }
        changed = false
        onCommit()
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }
}

/// Whether a look at new records is already scheduled, and how many consumers listen.
final class PendingFlag: Sendable {
    let value = Mutex(false)
    let consumers = Mutex(0)
}
