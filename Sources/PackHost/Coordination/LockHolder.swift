/// On whose behalf an owner holds a lock. A lock taken through the API belongs to the caller's principal: another
/// principal can neither release nor renew it, nor add a hold under its owner name. A running job's step lock
/// belongs to the host: no API caller can release or renew it.
public enum LockHolder: Sendable, Hashable {
    /// A caller of the locks API, by principal.
    case principal(String)
    /// The host, for a running job's step lock (the owner is the job id).
    case job

    /// The stored form: `job`, or `principal:<name>`.
    var stored: String {
        switch self {
        case .job: "job"
        case .principal(let name): "principal:" + name
        }
    }

    /// Reads the stored form; nil for anything else.
    init?(stored: String) {
        if stored == "job" {
            self = .job
        } else if stored.hasPrefix("principal:") {
            self = .principal(String(stored.dropFirst("principal:".count)))
        } else {
            return nil
        }
    }

    /// The principal written in audit records (`system` for the host).
    var auditPrincipal: String {
        switch self {
        case .job: "system"
        case .principal(let name): name
        }
    }

    /// Whether `holder` may act on a hold recorded as `self` (nil: recorded before holders were kept, which only
    /// the host may touch).
    static func matches(_ recorded: LockHolder?, _ holder: LockHolder) -> Bool {
        (recorded ?? .job) == holder
    }
}
