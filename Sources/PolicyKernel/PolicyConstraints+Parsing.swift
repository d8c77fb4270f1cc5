import StructuredData

extension PolicyParser {
    /// `min_approvers` is the host's extension (``PolicyConstraints/minApprovers``); the rest are Cordum's.
    static let constraintKeys = ["budgets", "sandbox", "toolchain", "diff", "redaction_level", "min_approvers"]
    static let budgetKeys = ["max_runtime_ms", "max_retries", "max_artifact_bytes", "max_concurrent_jobs"]
    static let sandboxKeys = ["isolated", "network_allowlist", "fs_read_only", "fs_read_write"]
    static let toolchainKeys = ["allowed_tools", "allowed_commands"]
    static let diffKeys = ["max_files", "max_lines", "deny_path_globs"]

    func constraints(_ value: JSONValue, at pointer: String) throws(PolicyError) -> PolicyConstraints {
        let members = try reader.strictObject(value, at: pointer, what: "constraints", allowed: Self.constraintKeys)
        var result = PolicyConstraints()
        if let budgets = members["budgets"] {
            let path = pointer + "/budgets"
            let fields = try reader.strictObject(budgets, at: path, what: "budgets", allowed: Self.budgetKeys)
            func number(_ key: String, maximum: Int) throws(PolicyError) -> Int {
                guard let value = fields[key] else { return 0 }
                return try reader.count(value, at: path + "/" + key, maximum: maximum)
            }
            result.budgets = PolicyConstraints.Budgets(
                maxRuntimeMs: Int64(try number("max_runtime_ms", maximum: Int(Int64.max))),
                maxRetries: Int32(try number("max_retries", maximum: Int(Int32.max))),
                maxArtifactBytes: Int64(try number("max_artifact_bytes", maximum: Int(Int64.max))),
                maxConcurrentJobs: Int32(try number("max_concurrent_jobs", maximum: Int(Int32.max)))
            )
        }
        if let sandbox = members["sandbox"] {
            let path = pointer + "/sandbox"
            let fields = try reader.strictObject(
                sandbox,
                at: path,
                what: "a sandbox profile",
                allowed: Self.sandboxKeys
            )
            func list(_ key: String) throws(PolicyError) -> [String] {
                guard let value = fields[key] else { return [] }
                return try reader.strings(value, at: path + "/" + key)
            }
            result.sandbox = PolicyConstraints.Sandbox(
                isolated: try fields["isolated"].map { value throws(PolicyError) in
                    try reader.bool(value, at: path + "/isolated")
                } ?? false,
                networkAllowlist: try list("network_allowlist"),
                fsReadOnly: try list("fs_read_only"),
                fsReadWrite: try list("fs_read_write")
            )
        }
        if let toolchain = members["toolchain"] {
            let path = pointer + "/toolchain"
            let fields = try reader.strictObject(
                toolchain,
                at: path,
                what: "toolchain limits",
                allowed: Self.toolchainKeys
            )
            func list(_ key: String) throws(PolicyError) -> [String] {
                guard let value = fields[key] else { return [] }
                return try reader.strings(value, at: path + "/" + key)
            }
            result.toolchain = PolicyConstraints.Toolchain(
                allowedTools: try list("allowed_tools"),
                allowedCommands: try list("allowed_commands")
            )
        }
        if let diff = members["diff"] {
            let path = pointer + "/diff"
            let fields = try reader.strictObject(diff, at: path, what: "diff limits", allowed: Self.diffKeys)
            func number(_ key: String) throws(PolicyError) -> Int32 {
                guard let value = fields[key] else { return 0 }
                return Int32(try reader.count(value, at: path + "/" + key, maximum: Int(Int32.max)))
            }
            result.diff = PolicyConstraints.Diff(
                maxFiles: try number("max_files"),
                maxLines: try number("max_lines"),
                denyPathGlobs: try fields["deny_path_globs"].map { value throws(PolicyError) in
                    try reader.strings(value, at: path + "/deny_path_globs")
                } ?? []
            )
        }
        if let level = members["redaction_level"] {
            result.redactionLevel = try reader.string(level, at: pointer + "/redaction_level")
        }
        if let approvers = members["min_approvers"] {
            result.minApprovers = try reader.count(approvers, at: pointer + "/min_approvers", maximum: 10)
        }
        return result
    }
}
