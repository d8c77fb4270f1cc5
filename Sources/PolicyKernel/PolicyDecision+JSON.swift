public import StructuredData

extension PolicyDecision {
    /// The decision as snake_case JSON: `decision` (`ALLOW`, `DENY`, `REQUIRE_APPROVAL`, …), `rule_id`, `reason`,
    /// `constraints` (null when none), `remediations`, `snapshot`, `approval_required`.
    public var json: JSONValue {
        [
            "decision": .string(decision.rawValue),
            "rule_id": .string(ruleID),
            "reason": .string(reason),
            "constraints": constraints.map(\.json) ?? .null,
            "remediations": .array(remediations.map(\.json)),
            "snapshot": .string(snapshot),
            "approval_required": .bool(approvalRequired),
        ]
    }

    /// The decision as Cordum's gateway returns it: protojson of `PolicyCheckResponse` with unpopulated fields
    /// emitted and int64 values as strings.
    public var protoJSON: JSONValue {
        [
            "decision": .string(decision.protoName),
            "reason": .string(reason),
            "redactedContextPtr": "",
            "policySnapshot": .string(snapshot),
            "ruleId": .string(ruleID),
            "constraints": constraints.map(\.protoJSON) ?? .null,
            "approvalRequired": .bool(approvalRequired),
            "approvalRef": .string(approvalRef),
            "remediations": .array(remediations.map(\.protoJSON)),
        ]
    }
}

extension PolicyConstraints {
    /// The constraints in the policy file's snake_case shape, every sub-object present (`min_approvers` only when
    /// set, so the shape stays Cordum's otherwise).
    public var json: JSONValue {
        withMinApprovers("min_approvers", cordumJSON)
    }

    private var cordumJSON: JSONValue {
        [
            "budgets": [
                "max_runtime_ms": .integer(Int(budgets.maxRuntimeMs)),
                "max_retries": .integer(Int(budgets.maxRetries)),
                "max_artifact_bytes": .integer(Int(budgets.maxArtifactBytes)),
                "max_concurrent_jobs": .integer(Int(budgets.maxConcurrentJobs)),
            ],
            "sandbox": [
                "isolated": .bool(sandbox.isolated),
                "network_allowlist": strings(sandbox.networkAllowlist),
                "fs_read_only": strings(sandbox.fsReadOnly),
                "fs_read_write": strings(sandbox.fsReadWrite),
            ],
            "toolchain": [
                "allowed_tools": strings(toolchain.allowedTools),
                "allowed_commands": strings(toolchain.allowedCommands),
            ],
            "diff": [
                "max_files": .integer(Int(diff.maxFiles)),
                "max_lines": .integer(Int(diff.maxLines)),
                "deny_path_globs": strings(diff.denyPathGlobs),
            ],
            "redaction_level": .string(redactionLevel),
        ]
    }

    /// The constraints as protojson (`PolicyConstraints`): camelCase, int64 fields as strings (`minApprovers`, the
    /// host's extension, only when set).
    public var protoJSON: JSONValue {
        withMinApprovers("minApprovers", cordumProtoJSON)
    }

    /// `shape` with the host's `min_approvers` extension added under `key` when it is set.
    private func withMinApprovers(_ key: String, _ shape: JSONValue) -> JSONValue {
        guard minApprovers > 0, case .object(var members) = shape else { return shape }
        members[key] = .integer(minApprovers)
        return .object(members)
    }

    private var cordumProtoJSON: JSONValue {
        [
            "budgets": [
                "maxRuntimeMs": .string(String(budgets.maxRuntimeMs)),
                "maxRetries": .integer(Int(budgets.maxRetries)),
                "maxArtifactBytes": .string(String(budgets.maxArtifactBytes)),
                "maxConcurrentJobs": .integer(Int(budgets.maxConcurrentJobs)),
            ],
            "sandbox": [
                "isolated": .bool(sandbox.isolated),
                "networkAllowlist": strings(sandbox.networkAllowlist),
                "fsReadOnly": strings(sandbox.fsReadOnly),
                "fsReadWrite": strings(sandbox.fsReadWrite),
            ],
            "toolchain": [
                "allowedTools": strings(toolchain.allowedTools),
                "allowedCommands": strings(toolchain.allowedCommands),
            ],
            "diff": [
                "maxFiles": .integer(Int(diff.maxFiles)),
                "maxLines": .integer(Int(diff.maxLines)),
                "denyPathGlobs": strings(diff.denyPathGlobs),
            ],
            "redactionLevel": .string(redactionLevel),
        ]
    }
}

extension PolicyRemediation {
    /// The remediation in the policy file's snake_case shape.
    public var json: JSONValue {
        [
            "id": .string(id),
            "title": .string(title),
            "summary": .string(summary),
            "replacement_topic": .string(replacementTopic),
            "replacement_capability": .string(replacementCapability),
            "add_labels": .object(addLabels.mapValues(JSONValue.string)),
            "remove_labels": strings(removeLabels),
        ]
    }

    /// The remediation as protojson (`PolicyRemediation`).
    public var protoJSON: JSONValue {
        [
            "id": .string(id),
            "title": .string(title),
            "summary": .string(summary),
            "replacementTopic": .string(replacementTopic),
            "replacementCapability": .string(replacementCapability),
            "addLabels": .object(addLabels.mapValues(JSONValue.string)),
            "removeLabels": strings(removeLabels),
        ]
    }
}

func strings(_ values: [String]) -> JSONValue {
    .array(values.map(JSONValue.string))
}
