import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

extension PackInstaller {
    /// Re-runs the policy simulations stored in a pack's record against the live merged policy (the base policy,
    /// every enabled fragment, strict mode over the installed topics), as Cordum's verify does.
    /// - Throws: `not_found` when the pack was never installed; `storage_error` when the stored policy is unusable.
    public func verify(_ packID: String) throws(HostError) -> PackVerificationReport {
        let (record, governance) = try database.read { db in
            (
                try PackRegistry.show(packID, in: db),
                try Governance.load(in: db, basePolicy: basePolicy.map { ($0.file, $0.bytes) })
            )
        }
        var results: [PackVerificationReport.Result] = []
        for simulation in record.simulations {
            let expected =
                Decision(normalizing: simulation.expectDecision)?.rawValue
                ?? simulation.expectDecision.trimmingSpaces.uppercased()
            do {
                let request = try PolicySuite.request(for: simulation, packID: packID)
                let decision = governance.policy.evaluate(request)
                results.append(
                    PackVerificationReport.Result(
                        name: simulation.name,
                        expected: expected,
                        got: decision.decision.rawValue,
                        reason: decision.reason,
                        ruleID: decision.ruleID,
                        ok: decision.decision.rawValue == expected
                    )
                )
            } catch {
                results.append(
                    PackVerificationReport.Result(
                        name: simulation.name,
                        expected: expected,
                        got: "ERROR",
                        reason: "\(error)",
                        ruleID: "",
                        ok: false
                    )
                )
            }
        }
        return PackVerificationReport(packID: packID, results: results)
    }
}
