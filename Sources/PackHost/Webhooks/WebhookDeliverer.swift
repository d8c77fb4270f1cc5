import AsyncHTTPClient
import Foundation
import GRDB
import NIOCore
import NIOHTTP1
import StructuredData
public import WorkflowEngine

/// Delivers host events to webhook subscriptions: signed (``WebhookSignature``), retried with exponential
/// backoff and jitter, persisted in the host store (a restart loses none), dead-lettered after the retry budget
/// with the last answer kept, and in order per run: a run's later event waits until the earlier one is
/// delivered or dead. Deliveries are made by this actor's own task, so a slow or failing receiver never slows
/// the host. Time comes from the host's clock, so tests drive the backoff with a manual clock.
public actor WebhookDeliverer {
    /// Retry settings.
    public struct Policy: Sendable {
        /// Attempts before a delivery is dead (default 8).
        public var maxAttempts: Int
        /// The wait after the first failure (default 1 s); it doubles with every further failure.
        public var baseDelayMilliseconds: Int64
        /// The longest wait (default 1 hour).
        public var maxDelayMilliseconds: Int64
        /// How long a receiver has to answer, in seconds (default 10).
        public var timeoutSeconds: Int64
        /// The share of each wait actually waited, drawn per retry (default between 0.5 and 1).
        public var jitter: @Sendable () -> Double

        /// Creates a policy.
        public init(
            maxAttempts: Int = 8,
            baseDelayMilliseconds: Int64 = 1000,
            maxDelayMilliseconds: Int64 = 3_600_000,
            timeoutSeconds: Int64 = 10,
            jitter: @escaping @Sendable () -> Double = { Double.random(in: 0.5...1) }
        ) {
            self.maxAttempts = maxAttempts
            self.baseDelayMilliseconds = baseDelayMilliseconds
            self.maxDelayMilliseconds = maxDelayMilliseconds
            self.timeoutSeconds = timeoutSeconds
            self.jitter = jitter
        }

        /// The wait after `failures` failed attempts.
        func delay(after failures: Int) -> Int64 {
            let exponent = min(max(failures - 1, 0), 40)
            let full = min(maxDelayMilliseconds, baseDelayMilliseconds << Int64(exponent))
            return Int64((Double(full) * min(1, max(0, jitter()))).rounded())
        }
    }

    /// What a receiver answered.
    struct Answer {
        var status: Int?
        var body: String?
        var error: String?
        var succeeded: Bool { status.map { (200..<300).contains($0) } ?? false }
    }

    private let database: HostDatabase
    private let clock: any EngineClock
    private let allowList: WebhookAllowList
    private let policy: Policy
    private let makeID: @Sendable () -> String

    /// The client deliveries go through: it never follows redirects (a redirect to an internal address would get
    /// around the allow list). One for the process, never shut down.
    private static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(redirectConfiguration: .disallow)
    )

    /// Creates a deliverer on the host store.
    public init(
        database: HostDatabase,
        clock: any EngineClock,
        allowList: WebhookAllowList,
        policy: Policy = Policy(),
        makeID: (@Sendable () -> String)? = nil
    ) {
        self.database = database
        self.clock = clock
        self.allowList = allowList
        self.policy = policy
        self.makeID = makeID ?? { UUID().uuidString.lowercased() }
    }

    // MARK: Subscriptions

    /// Creates a subscription receiving the tenant's events from now on.
    /// - Throws: `invalid_argument` for a bad URL, type pattern or a secret under 16 characters; `forbidden` for a
    ///   URL outside the allow list.
    public func subscribe(
        tenant: String,
        principal: String,
        url: String,
        types: [String],
        workflowID: String?,
        packID: String?,
        secret: String
    ) throws(HostError) -> WebhookSubscription {
        _ = try allowList.check(url)
        guard secret.count >= 16 else {
            throw HostError(.invalidArgument, "secret must be at least 16 characters (it signs every delivery)")
        }
        let subscription = WebhookSubscription(
            id: "sub-" + makeID(),
            tenantID: tenant,
            url: url,
            types: types,
            workflowID: workflowID,
            packID: packID,
            secret: secret,
            createdBy: principal,
            createdAt: clock.now()
        )
        _ = try subscription.filter()
        try database.write { db in
            let head = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_log") ?? 0
            try WebhookStore.insert(subscription, cursor: head, in: db)
        }
        return subscription
    }

    /// The tenant's subscriptions.
    public func subscriptions(tenant: String) throws(HostError) -> [WebhookSubscription] {
        try database.read { db in try WebhookStore.list(tenant: tenant, in: db).map(\.0) }
    }

    /// One of the tenant's subscriptions.
    /// - Throws: `not_found` when the tenant has none with that id.
    public func subscription(_ id: String, tenant: String) throws(HostError) -> WebhookSubscription {
        guard let found = try database.read({ db in try WebhookStore.load(id, tenant: tenant, in: db) }) else {
            throw HostError(.notFound, "no subscription has id \(id)")
        }
        return found
    }

    /// Removes a subscription and its pending deliveries (its history of finished ones is kept).
    public func unsubscribe(_ id: String, tenant: String) throws(HostError) {
        let removed = try database.write { db in try WebhookStore.delete(id, tenant: tenant, in: db) }
        guard removed else { throw HostError(.notFound, "no subscription has id \(id)") }
    }

    /// A subscription's deliveries, oldest first.
    public func deliveries(of id: String, tenant: String, status: WebhookDelivery.Status? = nil, limit: Int = 100)
        throws(HostError) -> [WebhookDelivery]
    {
        _ = try subscription(id, tenant: tenant)
        return try database.read { db in try WebhookStore.deliveries(of: id, status: status, limit: limit, in: db) }
    }

    // MARK: Delivering

    /// Queues the events committed since the last look, then makes every delivery that is due.
    public func pump() async {
        enqueue()
        await deliverDue()
    }

    /// Pumps every `interval` until the task is cancelled.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            await pump()
            try? await Task.sleep(for: interval)
        }
    }

    /// Turns new events into pending deliveries, moving each subscription's cursor in the same transaction.
    private func enqueue() {
        let now = clock.now()
        try? database.write { db in
            for (subscription, cursor) in try WebhookStore.list(tenant: nil, in: db) {
                guard let filter = try? subscription.filter() else { continue }
                var after = cursor
                while true {
                    let page = try HostEvent.read(
                        after: after,
                        upTo: nil,
                        tenant: subscription.tenantID,
                        limit: 500,
                        in: db
                    )
                    guard let last = page.last else { break }
                    for event in page.events where filter.admits(event) {
                        try WebhookStore.enqueue(event, for: subscription.id, at: now, in: db)
                    }
                    after = last
                }
                if after != cursor { try WebhookStore.setCursor(subscription.id, to: after, in: db) }
            }
        }
    }

    private func deliverDue() async {
        guard let pending = try? database.read({ db in try WebhookStore.pending(in: db) }) else { return }
        var blocked: Set<String> = []
        for var delivery in pending {
            let lane = delivery.subscriptionID + "\n" + delivery.runKey
            guard !blocked.contains(lane) else { continue }
            let now = clock.now()
            guard delivery.nextAttemptAt <= now else {
                blocked.insert(lane)
                continue
            }
            guard
                let target = try? database.read({ db in try WebhookStore.secret(of: delivery.subscriptionID, in: db) })
            else { continue }
            let answer = await attempt(delivery, url: target.url, secret: target.secret, at: now)
            let finished = clock.now()
            delivery.attempts += 1
            delivery.lastStatus = answer.status
            delivery.lastResponse = answer.body
            delivery.lastError = answer.error
            if answer.succeeded {
                delivery.status = .delivered
                delivery.deliveredAt = finished
            } else if delivery.attempts >= policy.maxAttempts {
                delivery.status = .dead
            } else {
                delivery.nextAttemptAt = finished.adding(milliseconds: policy.delay(after: delivery.attempts))
                blocked.insert(lane)
            }
            let done = delivery
            try? database.write { db in try WebhookStore.update(done, in: db) }
        }
    }

    private func attempt(_ delivery: WebhookDelivery, url: String, secret: String, at now: Timestamp) async -> Answer {
        do {
            _ = try allowList.check(url)
        } catch {
            return Answer(status: nil, body: nil, error: error.message)
        }
        let body = Array(delivery.body.utf8)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "cordum-host")
        request.headers.add(name: WebhookSignature.header, value: WebhookSignature.sign(body, secret: secret, at: now))
        request.headers.add(name: "Cordum-Event-Id", value: String(delivery.eventID))
        request.headers.add(name: "Cordum-Event-Type", value: delivery.eventType)
        request.headers.add(name: "Cordum-Delivery-Id", value: String(delivery.id))
        request.headers.add(name: "Cordum-Subscription-Id", value: delivery.subscriptionID)
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await Self.client.execute(request, timeout: .seconds(policy.timeoutSeconds))
            let answer = try await response.body.collect(upTo: 64 << 10)
            return Answer(status: Int(response.status.code), body: String(String(buffer: answer).prefix(1024)))
        } catch {
            return Answer(status: nil, body: nil, error: "the request failed: \(error)")
        }
    }
}
