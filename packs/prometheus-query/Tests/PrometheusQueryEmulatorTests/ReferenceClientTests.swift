import APIContracts
import EmulatorKit
import Foundation
import PackTesting
import PrometheusQueryEmulator
import Testing

/// Debian's own clients against the emulator: `promtool query` (Prometheus' Go client, which posts forms) and
/// `amtool` (Alertmanager's), with the demo basic auth in the URL; the Prometheus exchanges they make match
/// Prometheus' OpenAPI description.
@Suite("Prometheus emulator with promtool and amtool")
struct ReferenceClientTests {
    static func tool(_ name: String) -> String? {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("promtool queries and amtool's alerts and silences work against the emulator")
    func referenceClients() async throws {
        guard let promtool = Self.tool("promtool"), let amtool = Self.tool("amtool") else {
            Issue.record("promtool and amtool are not installed: apt-get install -y prometheus prometheus-alertmanager")
            return
        }
        let emulator = try await Emulator.start(try PrometheusQueryEmulator.definition(), port: 0)
        do {
            let host = emulator.baseURL.replacingOccurrences(of: "http://", with: "")
            let server = "http://\(PrometheusDemo.username):\(PrometheusDemo.password)@\(host)"
            let instant = await ChildProcess.run(
                promtool,
                ["query", "instant", server, "up{job=\"api\"}"],
                timeout: .seconds(60)
            )
            #expect(instant.exitCode == 0, "\(instant.output)")
            #expect(instant.stdout.contains("job=\"api\""), "\(instant.output)")
            let now = Int(Date().timeIntervalSince1970)
            let range = await ChildProcess.run(
                promtool,
                [
                    "query", "range", "--start=\(now - 600)", "--end=\(now)", "--step=60s", server,
                    "rate(http_requests_total{job=\"api\"}[5m])",
                ],
                timeout: .seconds(60)
            )
            #expect(range.exitCode == 0, "\(range.output)")
            #expect(range.stdout.contains("code=\"500\""), "\(range.output)")
            let series = await ChildProcess.run(
                promtool,
                ["query", "series", "--match=up", server],
                timeout: .seconds(60)
            )
            #expect(series.exitCode == 0 && series.stdout.contains("job=\"api\""), "\(series.output)")
            let labels = await ChildProcess.run(promtool, ["query", "labels", server, "job"], timeout: .seconds(60))
            #expect(labels.exitCode == 0 && labels.stdout.contains("api"), "\(labels.output)")

            let checker = try ContractChecker(
                specPath: #filePath.replacingOccurrences(
                    of: "PrometheusQueryEmulatorTests/ReferenceClientTests.swift",
                    with: "contract/prometheus-openapi.yaml"
                )
            )
            let report = try checker.check(log: emulator.requestLog.exchangeLog(redacting: [PrometheusDemo.password]))
            #expect(report.passed, "\(report)")

            let url = "--alertmanager.url=\(server)"
            let alerts = await ChildProcess.run(
                amtool,
                ["alert", "query", url, "alertname=HighErrorRate"],
                timeout: .seconds(60)
            )
            #expect(alerts.exitCode == 0 && alerts.stdout.contains("HighErrorRate"), "\(alerts.output)")
            let added = await ChildProcess.run(
                amtool,
                [
                    "silence", "add", url, "--author=amtool", "--comment=reference client", "--duration=1h",
                    "alertname=HighErrorRate",
                ],
                timeout: .seconds(60)
            )
            #expect(added.exitCode == 0, "\(added.output)")
            let id = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(emulator.state.withLock { $0.silences.map(\.id) } == [id])
            let listed = await ChildProcess.run(amtool, ["silence", "query", url, "-q"], timeout: .seconds(60))
            #expect(listed.stdout.contains(id), "\(listed.output)")
            let expired = await ChildProcess.run(amtool, ["silence", "expire", url, id], timeout: .seconds(60))
            #expect(expired.exitCode == 0, "\(expired.output)")
            let active = await ChildProcess.run(amtool, ["silence", "query", url, "-q"], timeout: .seconds(60))
            #expect(!active.stdout.contains(id), "\(active.output)")
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }
}
