import APIContracts
import EmulatorKit
import Foundation
import NIOSSL
import PackTesting
import PagerDutyEmulator
import ServerTesting
import Testing

/// PagerDuty's official Python client (PyPI "pagerduty", pinned in `packs/pagerduty/Tests/contract/setup-venv.sh`)
/// pointed at the emulator: every operation of the pack through the client's own paging and entity wrappers, its
/// errors, and the Events API v2 client; what it sent and the emulator answered is checked against PagerDuty's REST
/// and Events API descriptions.
@Suite("PagerDuty emulator: pagerduty Python client contract")
struct PagerDutyClientContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")
    static let specs = contractFolder.appendingPathComponent("../../../../../shared/vendor-specs/pagerduty")
        .standardizedFileURL

    static let client = PythonEnvironment(
        "pagerduty 7.2.0",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("the pagerduty client works against the emulator")
    func pagerdutyClient() async throws {
        _ = try await Self.client.python()
        // The client refuses any base URL but https://: the emulator serves TLS with a throwaway CA, named
        // `localhost` as its certificate is, and the client trusts that CA (SSL_CERT_FILE).
        let certificates = try TestCertificates.make()
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem))
        )
        let emulator = try await Emulator.start(try PagerDutyEmulator.definition(), port: 0, tls: tls)
        let base = emulator.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost")
        var environment = ProcessInfo.processInfo.environment
        environment["SSL_CERT_FILE"] = certificates.caFile
        let result: ChildProcess.Finished
        do {
            result = try await Self.client.run(
                Self.contractFolder.appendingPathComponent("pagerduty_client_contract.py"),
                [base, PagerDutyDemo.apiKey, PagerDutyDemo.email, PagerDutyDemo.routingKey],
                environment: environment,
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let entries = emulator.requestLog.entries
        let paths = Set(entries.map { "\($0.method) \($0.path)" })
        let log = emulator.requestLog.exchangeLog(redacting: [PagerDutyDemo.apiKey, PagerDutyDemo.routingKey])
        await emulator.stop()
        #expect(result.exitCode == 0, "pagerduty_client_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "pagerduty_client_contract.py did not finish:\n\(result.output)")
        for call in [
            "GET /incidents", "PUT /incidents/PINC0001", "POST /incidents/PINC0001/notes", "GET /oncalls",
            "POST /maintenance_windows", "POST /v2/enqueue",
        ] {
            #expect(paths.contains(call), "the pagerduty client never called \(call)")
        }
        // What the client sent and the emulator answered, against PagerDuty's descriptions of both APIs.
        let rest = try ContractChecker(
            specPath: Self.specs.appendingPathComponent("rest_openapiv3.json").path,
            exceptionsPath: Self.contractFolder.appendingPathComponent("client-exceptions.yaml").path
        )
        let events = try ContractChecker(
            specPath: Self.specs.appendingPathComponent("events_v2_openapiv3.json").path,
            basePath: "/v2"
        )
        let lines = log.split(separator: "\n").map(String.init)
        let eventLines = lines.filter { $0.contains("/v2/enqueue") }
        let restLines = lines.filter { !$0.contains("/v2/enqueue") }
        let restReport = try rest.check(log: restLines.joined(separator: "\n") + "\n")
        #expect(restReport.passed, "\(restReport)")
        let eventsReport = try events.check(log: eventLines.joined(separator: "\n") + "\n")
        #expect(eventsReport.passed, "\(eventsReport)")
    }
}
