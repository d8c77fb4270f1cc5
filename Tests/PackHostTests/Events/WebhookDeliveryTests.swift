import Foundation
import HTTPTypes
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Outbound webhook subscriptions: signed, retried, persisted, dead-lettered, ordered per run, allow-listed.
@Suite struct WebhookDeliveryTests {
    static let secret = "webhook-secret-0123456789abcdef"

    static var loopbackAllowed: HostConfiguration {
        var configuration = HostConfiguration()
        configuration.webhookAllowList = WebhookAllowList(allowedHosts: ["127.0.0.1"])
        return configuration
    }

    static func deliverer(_ host: APITestHost, maxAttempts: Int = 8) -> WebhookDeliverer {
        WebhookDeliverer(
            database: host.services.database,
            clock: host.clock,
            allowList: WebhookAllowList(allowedHosts: ["127.0.0.1"]),
            policy: WebhookDeliverer.Policy(maxAttempts: maxAttempts, jitter: { 1 })
        )
    }

    /// Pumps (advancing the manual clock past every backoff) until nothing is pending.
    static func drain(_ deliverer: WebhookDeliverer, _ host: APITestHost, subscription: String) async throws {
        for _ in 0..<200 {
            await deliverer.pump()
            let pending = try await deliverer.deliveries(of: subscription, tenant: "tenant-a", status: .pending)
            if pending.isEmpty { return }
            host.clock.advance(milliseconds: 3_600_000)
        }
        Issue.record("deliveries were still pending after 200 rounds")
    }

    @Test func aReceiverThatFailsFiveTimesThenRecoversGetsEveryEventOnceInOrderPerRun() async throws {
        let host = try APITestHost(configuration: Self.loopbackAllowed)
        try await host.registerHelloWorker()
        let receiver = WebhookReceiver(secret: Self.secret, failures: 5)
        try await receiver.serve { port in
            try await host.test { api in
                _ = try await api.call(.post, "/packs/install", json: ["path": .string(APITestHost.helloPath)])
                let created = try await api.call(
                    .post,
                    "/subscriptions",
                    json: [
                        "url": .string("http://127.0.0.1:\(port)/hook"), "secret": .string(Self.secret),
                        "types": ["run.*", "step.*", "job.*", "approval.*"],
                    ]
                )
                #expect(created.status == 201, "\(created.body)")
                #expect(!created.body.contains(Self.secret))
                let id = try #require(created.json["id"]?.stringValue)

                for name in ["Ada", "Bo"] {
                    let started = try await api.call(
                        .post,
                        "/workflows/hello.greet-and-sign/runs",
                        key: APITestHost.Key.alice,
                        json: ["name": .string(name)]
                    )
                    #expect(started.status == 200, "\(started.body)")
                }
                await host.services.host.settle()
                let approvals = try await api.call(.get, "/approvals", key: APITestHost.Key.alice)
                for approval in approvals.json["items"]?.arrayValue ?? [] {
                    let granted = try await api.call(
                        .post,
                        "/approvals/\(approval["id"]?.stringValue ?? "")/approve",
                        key: APITestHost.Key.carol,
                        json: ["reason": "ok", "digest": approval["digest"] ?? .null]
                    )
                    #expect(granted.status == 200)
                }
                await host.services.host.settle()

                // Two rounds (each run's first event fails once per round: four of the five failures), then the
                // host restarts (a new deliverer on the same store).
                let first = Self.deliverer(host)
                for _ in 0..<2 {
                    await first.pump()
                    host.clock.advance(milliseconds: 3_600_000)
                }
                #expect(receiver.received.isEmpty)
                let second = Self.deliverer(host)
                try await Self.drain(second, host, subscription: id)

                let history = try await second.deliveries(of: id, tenant: "tenant-a", limit: 1000)
                #expect(!history.isEmpty)
                #expect(history.allSatisfy { $0.status == .delivered })
                // Five failed attempts in all, each retried until it went through.
                #expect(history.map(\.attempts).reduce(0, +) == history.count + 5)
                let events = receiver.received.map { (try? JSONParser.parse($0)) ?? .null }
                let ids = events.compactMap { $0["id"]?.intValue }
                // Every event exactly once.
                #expect(ids.count == history.count)
                #expect(Set(ids).count == ids.count)
                #expect(Set(ids) == Set(history.map { Int($0.eventID) }))
                // In order within each run.
                var byRun: [String: [Int]] = [:]
                for event in events {
                    byRun[event["run_id"]?.stringValue ?? "", default: []].append(event["id"]?.intValue ?? 0)
                }
                #expect(byRun.count == 2)
                #expect(byRun.values.allSatisfy { $0 == $0.sorted() })
                #expect(events.filter { $0["type"]?.stringValue == "run.succeeded" }.count == 2)
                #expect(receiver.badSignatures == 0)

                let listed = try await api.call(.get, "/subscriptions/\(id)/deliveries?status=delivered")
                #expect(listed.json["items"]?.arrayValue?.count == history.count)
            }
        }
    }

    @Test func aDeliveryIsDeadAfterItsRetryBudgetWithTheLastAnswerKept() async throws {
        let host = try APITestHost(configuration: Self.loopbackAllowed)
        let receiver = WebhookReceiver(secret: Self.secret, failures: 1000, answer: .internalServerError)
        try await receiver.serve { port in
            let subscription = try await host.services.subscriptions.subscribe(
                tenant: "tenant-a",
                principal: "root",
                url: "http://127.0.0.1:\(port)/hook",
                types: ["approval.*"],
                workflowID: nil,
                packID: nil,
                secret: Self.secret
            )
            try host.services.database.write { db in
                for index in 0..<2 {
                    _ = try AuditLog.append(
                        AuditEvent(kind: "approval.expired", tenantID: "tenant-a", subject: "apr-\(index)"),
                        at: host.clock.now(),
                        in: db
                    )
                }
            }
            let deliverer = Self.deliverer(host, maxAttempts: 3)
            try await Self.drain(deliverer, host, subscription: subscription.id)
            let history = try await deliverer.deliveries(of: subscription.id, tenant: "tenant-a")
            #expect(history.count == 2)
            #expect(history.allSatisfy { $0.status == .dead && $0.attempts == 3 })
            #expect(history.first?.lastStatus == 500)
            #expect(history.first?.lastResponse == "nope")
            #expect(receiver.requests == 6)
        }
    }

    @Test func urlsOutsideTheAllowListAndBadSubscriptionsAreRefused() async throws {
        let host = try APITestHost()
        try await host.test { api in
            func create(_ url: String, secret: String = Self.secret, key: String = APITestHost.Key.admin)
                async throws -> APIAnswer
            {
                try await api.call(
                    .post,
                    "/subscriptions",
                    key: key,
                    json: ["url": .string(url), "secret": .string(secret)]
                )
            }
            for url in [
                "http://169.254.169.254/latest/meta-data", "http://127.0.0.1:9/hook", "http://localhost/hook",
                "http://10.1.2.3/hook", "http://[::1]/hook", "http://metadata.google.internal/",
            ] {
                let refused = try await create(url)
                #expect(refused.status == 403, "\(url): \(refused.body)")
                #expect(refused.errorCode == "forbidden")
            }
            #expect(try await create("ftp://example.com/hook").status == 400)
            #expect(try await create("http://93.184.215.14/hook", secret: "short").status == 400)
            #expect(try await create("http://93.184.215.14/hook", key: APITestHost.Key.alice).status == 403)

            let made = try await create("http://93.184.215.14/hook")
            #expect(made.status == 201, "\(made.body)")
            let id = try #require(made.json["id"]?.stringValue)
            let listed = try await api.call(.get, "/subscriptions")
            #expect(listed.json["items"]?.arrayValue?.count == 1)
            #expect(!listed.body.contains(Self.secret))
            #expect(
                try await api.call(.get, "/subscriptions/\(id)", key: APITestHost.Key.bob, tenant: "tenant-b").status
                    == 404
            )
            #expect(try await api.call(.delete, "/subscriptions/\(id)").status == 204)
            #expect(try await api.call(.get, "/subscriptions/\(id)").status == 404)
        }
    }
}
