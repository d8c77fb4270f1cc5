import GRDB
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `GET /health` (no authentication), `GET /status`, `GET /workers` (an array, as Cordum's gateway answers).
    func addStatusRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("status") { _, context -> Response in
            let caller = try context.caller()
            let workers = await services.host.workerStatus().map(Self.workerJSON)
            let queued = try await services.host.jobs(
                tenant: caller.tenant,
                filter: JobFilter(state: .queued, limit: 1000)
            )
            let now = services.clock.now()
            let nats = await bus?.busStatus() ?? .unknown
            return APIResponse.json([
                "time": .string(now.rfc3339Seconds),
                "uptime_seconds": .integer(Int(max(0, now.milliseconds - startedAt.milliseconds) / 1000)),
                "build": ["version": .string(Self.version), "commit": "", "date": ""],
                "nats": ["connected": .bool(nats.connected), "status": .string(nats.status), "url": .string(nats.url)],
                "redis": storeState(),
                "store": storeState(),
                "workers": ["count": .integer(workers.count), "items": .array(workers)],
                "version": .string(Self.version),
                "tenant": .string(caller.tenant),
                "principal": .string(caller.principal),
                "queue_length": .integer(queued.count),
            ])
        }
        api.get("workers") { _, _ -> Response in
            APIResponse.json(.array(await services.host.workerStatus().map(Self.workerJSON)))
        }
    }

    /// `GET /health`: `ok` as plain text, without authentication (``APIAuthMiddleware`` lets it through).
    func addHealthRoute(to router: Router<HostRequestContext>) {
        router.get("health") { _, _ -> Response in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "ok"))
            )
        }
    }

    /// `{ok, error}` of the store, the slot where Cordum's gateway reports its Redis job store.
    private func storeState() -> JSONValue {
        do {
            _ = try services.database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
            return ["ok": true, "error": "", "connected": true, "kind": "sqlite"]
        } catch {
            return ["ok": false, "error": "the store cannot be read", "connected": false, "kind": "sqlite"]
        }
    }

    /// A worker: `{id, pool, capacity, active, topics}`, plus the fields of the CAP heartbeat Cordum's gateway lists
    /// (`worker_id`, `active_jobs`, `max_parallel_jobs`, `capabilities`).
    static func workerJSON(_ worker: WorkerStatus) -> JSONValue {
        [
            "id": .string(worker.id),
            "pool": .string(worker.pool),
            "capacity": .integer(worker.capacity),
            "active": .integer(worker.active),
            "topics": .array(worker.topics.map(JSONValue.string)),
            "worker_id": .string(worker.id),
            "active_jobs": .integer(worker.active),
            "max_parallel_jobs": .integer(worker.capacity),
            "capabilities": .array(worker.topics.map(JSONValue.string)),
        ]
    }
}
