import Hummingbird
import StructuredData

extension HostAPI {
    /// `GET /status`, `GET /workers`.
    func addStatusRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("status") { _, context -> Response in
            let caller = try context.caller()
            let workers = await services.host.workerStatus().map(Self.workerJSON)
            let queued = try await services.host.jobs(
                tenant: caller.tenant,
                filter: JobFilter(state: .queued, limit: 1000)
            )
            return APIResponse.json([
                "version": .string(Self.version),
                "tenant": .string(caller.tenant),
                "principal": .string(caller.principal),
                "workers": .array(workers),
                "queue_length": .integer(queued.count),
            ])
        }
        api.get("workers") { _, _ -> Response in
            APIResponse.items(await services.host.workerStatus().map(Self.workerJSON))
        }
    }

    static func workerJSON(_ worker: WorkerStatus) -> JSONValue {
        [
            "id": .string(worker.id),
            "pool": .string(worker.pool),
            "capacity": .integer(worker.capacity),
            "active": .integer(worker.active),
            "topics": .array(worker.topics.map(JSONValue.string)),
        ]
    }
}
