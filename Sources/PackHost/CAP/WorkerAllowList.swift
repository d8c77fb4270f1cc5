import Foundation

/// Which worker ids may serve which pools over CAP. A heartbeat from a worker that is not listed for the pool it
/// names is refused: the worker is never registered and gets no jobs (`packctl serve --allow-worker POOL=ID,...`).
public struct WorkerAllowList: Sendable, Hashable {
    /// The worker ids allowed in each pool; a pool that is not a key admits no remote worker.
    public var workersByPool: [String: Set<String>]

    /// An allow list.
    /// - Parameter workersByPool: worker ids by pool.
    public init(_ workersByPool: [String: Set<String>]) {
        self.workersByPool = workersByPool
    }

    /// Whether `workerID` may serve `pool`.
    public func allows(workerID: String, pool: String) -> Bool {
        workersByPool[pool]?.contains(workerID) ?? false
    }

    /// Whether `workerID` may serve any pool.
    public func allowsAnyPool(workerID: String) -> Bool {
        workersByPool.values.contains { $0.contains(workerID) }
    }

    /// Parses entries of the form `POOL=ID[,ID...]`; entries for one pool add up.
    /// - Throws: ``HostError`` `invalid_argument` naming the entry when it has no pool, no id, or an id that
    ///   cannot be a NATS subject token.
    public static func parse(_ entries: [String]) throws(HostError) -> WorkerAllowList {
        var list: [String: Set<String>] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let pool = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let ids =
                parts.count == 2
                ? parts[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                } : []
            guard !pool.isEmpty, !ids.isEmpty else {
                throw HostError(
                    .invalidArgument,
                    "the worker allow-list entry \"\(entry)\" is not of the form POOL=WORKER_ID[,WORKER_ID...]"
                )
            }
            if let bad = ids.first(where: { !CAPBridge.isSubjectToken($0) }) {
                throw HostError(
                    .invalidArgument,
                    "the worker id \"\(bad)\" in the allow-list entry for pool \"\(pool)\" must be one NATS subject "
                        + "token (no '.', '*', '>' or spaces)"
                )
            }
            list[pool, default: []].formUnion(ids)
        }
        return WorkerAllowList(list)
    }
}
