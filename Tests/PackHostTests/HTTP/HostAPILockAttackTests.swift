import HTTPTypes
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Locks belong to their holder (docs/security.md, "Locks"). `root` (admin) and `alice` are two principals of
/// tenant-a.
@Suite("HTTP API: lock attacks")
struct HostAPILockAttackTests {
    /// A host with pack `lk` installed, a worker that holds every job, and a running job holding `repo:acme/app`.
    static func hostWithARunningJob() async throws -> (APITestHost, HostJob) {
        let host = try APITestHost()
        try host.services.installer.install(path: SyntheticPack(id: "lk").write())
        try await host.services.configurationChanged()
        let worker = EchoWorker(id: "lk-worker", pool: "lk")
        worker.hold()
        try await host.services.host.register(worker)
        let job = try await host.services.host.submitJob(
            JobSubmission(
                topic: "job.lk.read",
                lock: JobLock(resource: "repo:acme/app", mode: .exclusive, ttlSeconds: 60)
            ),
            tenant: "tenant-a",
            principal: "alice"
        )
        #expect(try await host.services.host.job(job.id, tenant: "tenant-a").state == .running)
        return (host, job)
    }

    func body(_ owner: String, resource: String = "repo:acme/app") -> JSONValue {
        ["resource": .string(resource), "owner": .string(owner), "ttl_ms": 60_000]
    }

    @Test("another principal of the tenant cannot release a running job's lock and take the resource")
    func anotherPrincipalCannotReleaseARunningJobsLock() async throws {
        let (host, job) = try await Self.hostWithARunningJob()
        try await host.test { client in
            let release = try await client.call(.post, "/locks/release", key: APITestHost.Key.admin, json: body(job.id))
            #expect(release.status == 403)
            #expect(release.errorCode == "forbidden")
            let take = try await client.call(.post, "/locks/acquire", key: APITestHost.Key.admin, json: body("root-1"))
            #expect(take.errorCode == "conflict")
        }
        let lock = try host.services.locks.get(tenant: "tenant-a", resource: "repo:acme/app")
        #expect(lock.owners == [job.id: 1])
    }

    @Test("even the job's submitter cannot release or renew the lock the host holds for the job")
    func aRunningJobsLockCannotBeReleasedOrRenewedThroughTheAPI() async throws {
        let (host, job) = try await Self.hostWithARunningJob()
        try await host.test { client in
            let release = try await client.call(.post, "/locks/release", key: APITestHost.Key.alice, json: body(job.id))
            #expect(release.errorCode == "forbidden")
            let renew = try await client.call(.post, "/locks/renew", key: APITestHost.Key.alice, json: body(job.id))
            #expect(renew.errorCode == "forbidden")
            let ride = try await client.call(.post, "/locks/acquire", key: APITestHost.Key.alice, json: body(job.id))
            #expect(ride.errorCode == "forbidden", "taking a second hold under the job's owner name")
        }
        #expect(try host.services.locks.get(tenant: "tenant-a", resource: "repo:acme/app").owners == [job.id: 1])
    }

    @Test("another principal cannot release, renew or ride a lock a principal took through the API")
    func anotherPrincipalCannotReleaseOrRenewAnotherPrincipalsLock() async throws {
        let host = try APITestHost()
        try await host.test { client in
            let taken = try await client.call(.post, "/locks/acquire", key: APITestHost.Key.alice, json: body("deploy"))
            #expect(taken.status == 200)
            for path in ["/locks/release", "/locks/renew", "/locks/acquire"] {
                let answer = try await client.call(.post, path, key: APITestHost.Key.admin, json: body("deploy"))
                #expect(answer.errorCode == "forbidden", "\(path)")
            }
            let renewed = try await client.call(.post, "/locks/renew", key: APITestHost.Key.alice, json: body("deploy"))
            #expect(renewed.status == 200)
            let released = try await client.call(
                .post,
                "/locks/release",
                key: APITestHost.Key.alice,
                json: body("deploy")
            )
            #expect(released.status == 200)
        }
        #expect(try host.services.locks.list(tenant: "tenant-a").isEmpty)
    }

    @Test("acquire, renew, release and expiry of a lock are audited with the principal, never silently")
    func lockOperationsAreAudited() async throws {
        let host = try APITestHost()
        try await host.test { client in
            _ = try await client.call(.post, "/locks/acquire", key: APITestHost.Key.alice, json: body("a"))
            _ = try await client.call(.post, "/locks/renew", key: APITestHost.Key.alice, json: body("a"))
            _ = try await client.call(.post, "/locks/release", key: APITestHost.Key.alice, json: body("a"))
            _ = try await client.call(
                .post,
                "/locks/acquire",
                key: APITestHost.Key.alice,
                json: ["resource": "short", "owner": "b", "ttl_ms": 1000]
            )
        }
        host.clock.advance(milliseconds: 2000)
        try await host.services.host.tick()
        let records = try host.services.audit.records(tenant: "tenant-a", limit: 100).map(\.event)
        let locks = records.filter { $0.kind.hasPrefix("lock.") }
        #expect(
            locks.map(\.kind) == ["lock.acquired", "lock.renewed", "lock.released", "lock.acquired", "lock.expired"]
        )
        #expect(locks.prefix(4).allSatisfy { $0.principal == "alice" })
        #expect(locks.last?.subject == "short")
    }
}
