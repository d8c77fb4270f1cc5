import APIContracts
import Foundation
import StructuredData

extension PackConformance {
    /// Runs every sampled action for real against a freshly reset emulator and checks each exchange — what the
    /// worker sent and what the emulator answered — against the vendor's API description the pack declares
    /// (`contract:` in `conformance.yaml`), with its reviewed exceptions. A pack without a description, or without
    /// an emulator, skips it.
    public func checkContract() async throws -> ConformanceReport {
        var report = ConformanceReport("contract")
        guard let contract = pack.declaration.contract else {
            report.skip("the pack declares no vendor API description (contract: in conformance.yaml)")
            return report
        }
        guard pack.worker != nil, pack.emulator != nil else {
            report.skip("the pack has no worker and emulator to exchange requests")
            return report
        }
        let tests = pack.folder.appendingPathComponent("Tests")
        let checker: ContractChecker
        do {
            checker = try ContractChecker(
                specPath: tests.appendingPathComponent(contract.spec).path,
                exceptionsPath: contract.exceptions.map { tests.appendingPathComponent($0).path },
                basePath: contract.basePath
            )
        } catch {
            report.fail("the contract of conformance.yaml does not load: \(error)")
            return report
        }
        var exchanges: [HTTPExchange] = []
        try await withPackRig(pack, PackRigOptions(inProcessWorker: false)) { rig in
            guard let control = rig.control else { return }
            let worker = try makeWorker(rig)
            let logs = LogRecorder()
            let artifacts = MemoryArtifacts()
            for topic in sampledTopics {
                // Only the action's own exchanges: the ones that resolved its input were checked on their own turn.
                guard
                    let input = try await prepareSample(
                        topic,
                        control: control,
                        worker: worker,
                        logs: logs,
                        artifacts: artifacts,
                        report: &report
                    )
                else { continue }
                _ = await run(worker, topic, input, logs: logs, artifacts: artifacts)
                exchanges += try HTTPExchange.readLog(try await control.exchangeLog(), file: "\(topic) exchanges")
            }
        }
        let result = checker.check(exchanges)
        report.expect(!exchanges.isEmpty, "no exchange reached the emulator: nothing was checked")
        for violation in result.violations { report.fail("\(violation)") }
        for stale in result.staleExceptions {
            report.fail("the exception for \(stale.operation) \(stale.location) matched nothing: remove it")
        }
        return report
    }
}
