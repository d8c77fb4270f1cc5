public import Bundler

extension AuditVerification {
    /// Checks the walked log against the host's signed checkpoint: the checkpoint must be signed by `key`, and the
    /// log must still hold the checkpointed record with the checkpointed hash. A log that ends before it was
    /// truncated (`truncated`); another hash means it was rewritten (`anchor_mismatch`).
    /// - Parameters:
    ///   - checkpoint: the checkpoint read from its file; nil when there is none.
    ///   - expected: whether a checkpoint must exist (the host has an audit key, so it wrote one).
    ///   - key: the audit key to trust; nil when none is known.
    ///   - hashAt: the stored hash of a record, nil when the record is not in the log.
    public mutating func check(
        checkpoint: AuditCheckpoint?,
        expected: Bool,
        trusting key: PublicKey?,
        hashAt: (Int64) throws -> String?
    ) rethrows {
        guard let checkpoint else {
            if expected {
                problems.append(
                    AuditProblem(
                        sequence: 0,
                        kind: .checkpointMissing,
                        message: "the host has an audit key but no signed checkpoint: the checkpoint file was removed"
                    )
                )
            }
            return
        }
        guard let key else {
            problems.append(
                AuditProblem(
                    sequence: checkpoint.head.sequence,
                    kind: .checkpointInvalid,
                    message: "no audit key is known to check the checkpoint with (give the host's audit public key)"
                )
            )
            return
        }
        if let problem = checkpoint.problem(trusting: key) {
            problems.append(
                AuditProblem(sequence: checkpoint.head.sequence, kind: .checkpointInvalid, message: problem)
            )
            return
        }
        self.checkpoint = checkpoint.head
        let sequence = checkpoint.head.sequence
        guard sequence > 0 else { return }  // the empty log's checkpoint: nothing to compare
        guard let head, head.sequence >= sequence else {
            let end = head.map { "the log ends at record \($0.sequence)" } ?? "the log is empty"
            problems.append(
                AuditProblem(
                    sequence: (head?.sequence ?? 0) + 1,
                    kind: .truncated,
                    message: "\(end) but the host's signed checkpoint names record \(sequence): "
                        + "records were removed from the end"
                )
            )
            return
        }
        let stored = try hashAt(sequence)
        if stored != checkpoint.head.hash {
            problems.append(
                AuditProblem(
                    sequence: sequence,
                    kind: .anchorMismatch,
                    message: stored == nil
                        ? "the signed checkpoint's record \(sequence) is not in the log"
                        : "record \(sequence) has another hash than the host's signed checkpoint: the log was rewritten"
                )
            )
        }
    }
}
