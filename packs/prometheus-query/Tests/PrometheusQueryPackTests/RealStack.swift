import EmulatorKit
import Foundation
import ServerTesting

/// Debian's real `prometheus` and `prometheus-alertmanager` on free 127.0.0.1 ports, with temporary configuration
/// and data folders: both behind TLS (the test PKI's server certificate for `localhost`) and basic auth, Prometheus
/// scraping a loopback target every second (a service `api` whose 5xx ratio is high) and evaluating a rule that
/// makes `HighErrorRate` fire within seconds, then sending it to the Alertmanager.
final class RealStack: Sendable {
    static let username = "cordum"
    static let password = "prom-test-password-0001"
    /// bcrypt of ``password`` at cost 4 (Prometheus' web config wants a hash; a low cost keeps each request cheap).
    static let passwordHash = "$2b$04$3eam5Lk6est4Z.hPL.ZvMOrNiDhUKeYLUJ56uL5laVGK3AF6JnVyC"

    let prometheus: ServerProcess
    let alertmanager: ServerProcess
    let target: Emulator<SeededState<Int>>
    let certificates: TestCertificates
    let folder: URL

    var prometheusURL: String { "https://localhost:\(prometheus.port)" }
    var alertmanagerURL: String { "https://localhost:\(alertmanager.port)" }

    /// The worker settings of one profile reaching both servers.
    func settings(password: String = RealStack.password, caFile: String? = nil) -> [String: String] {
        let profile: [String: String] = [
            "name": "real", "base_url": prometheusURL, "alertmanager_url": alertmanagerURL, "auth": "basic",
            "username": Self.username, "password": password, "ca_file": caFile ?? certificates.caFile,
            "max_range": "1d", "min_step": "1s", "max_series": "50",
        ]
        let json = try? JSONSerialization.data(withJSONObject: [profile], options: [.sortedKeys])
        return ["CORDUM_PROMETHEUS_QUERY_PROFILES": String(decoding: json ?? Data(), as: UTF8.self)]
    }

    private init(
        prometheus: ServerProcess,
        alertmanager: ServerProcess,
        target: Emulator<SeededState<Int>>,
        certificates: TestCertificates,
        folder: URL
    ) {
        self.prometheus = prometheus
        self.alertmanager = alertmanager
        self.target = target
        self.certificates = certificates
        self.folder = folder
    }

    /// Starts the stack; the caller stops it (``stop()``), also when its body throws.
    static func start() async throws -> RealStack {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificates = try TestCertificates.make()
        let target = try await Emulator.start(try ScrapeTarget.definition(), port: 0)
        let web = """
            tls_server_config:
              cert_file: \(certificates.serverCertificate)
              key_file: \(certificates.serverKey)
            basic_auth_users:
              \(username): '\(passwordHash)'
            """
        try write(web, folder, "web.yml")
        let amPort = try ServerProcess.freePort()
        let promPort = try ServerProcess.freePort()
        try write(
            """
            route:
              receiver: default
              group_wait: 1s
              group_interval: 1s
            receivers:
              - name: default
            """,
            folder,
            "alertmanager.yml"
        )
        try write(
            """
            groups:
              - name: api.rules
                interval: 1s
                rules:
                  - alert: HighErrorRate
                    expr: sum by (job) (rate(http_requests_total{code=~"5.."}[10s])) / sum by (job) (rate(http_requests_total[10s])) > 0.05
                    for: 0s
                    labels: {severity: page}
                    annotations: {summary: More than 5% of api requests fail.}
            """,
            folder,
            "rules.yml"
        )
        let targetHost = target.baseURL.replacingOccurrences(of: "http://", with: "")
        try write(
            """
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [\(folder.path)/rules.yml]
            alerting:
              alertmanagers:
                - scheme: https
                  tls_config: {ca_file: \(certificates.caFile), server_name: localhost}
                  basic_auth: {username: \(username), password: \(password)}
                  static_configs:
                    - targets: ["127.0.0.1:\(amPort)"]
            scrape_configs:
              - job_name: api
                static_configs:
                  - targets: ["\(targetHost)"]
            """,
            folder,
            "prometheus.yml"
        )
        // Start-up waits are generous: the machine runs every suite at once on two cores.
        let alertmanager = try await ServerProcess.launch(
            "prometheus-alertmanager",
            arguments: [
                "--config.file=\(folder.path)/alertmanager.yml", "--storage.path=\(folder.path)/am",
                "--web.listen-address=127.0.0.1:\(amPort)", "--cluster.listen-address=",
                "--web.config.file=\(folder.path)/web.yml",
            ],
            port: amPort,
            startTimeout: .seconds(60)
        )
        let prometheus: ServerProcess
        do {
            prometheus = try await ServerProcess.launch(
                "prometheus",
                arguments: [
                    "--config.file=\(folder.path)/prometheus.yml", "--storage.tsdb.path=\(folder.path)/data",
                    "--web.listen-address=127.0.0.1:\(promPort)", "--web.config.file=\(folder.path)/web.yml",
                ],
                port: promPort,
                startTimeout: .seconds(60)
            )
        } catch {
            alertmanager.stop()
            await target.stop()
            throw error
        }
        return RealStack(
            prometheus: prometheus,
            alertmanager: alertmanager,
            target: target,
            certificates: certificates,
            folder: folder
        )
    }

    func stop() async {
        prometheus.stop()
        alertmanager.stop()
        await target.stop()
        certificates.remove()
        try? FileManager.default.removeItem(at: folder)
    }

    private static func write(_ text: String, _ folder: URL, _ name: String) throws {
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
}

/// The loopback scrape target: `/metrics` in Prometheus' text format, counters growing with time since start (200s
/// ten times faster than 500s, so about 17% of requests fail), a latency histogram and CPU time.
enum ScrapeTarget {
    static func definition() throws -> EmulatorDefinition<SeededState<Int>> {
        let started = Date().timeIntervalSince1970
        let state = try SeededState(0) { _ in }
        return EmulatorDefinition(name: "scrape-target", state: state, demo: "metrics of job api") { request in
            guard request.path == "/metrics" else { return .text("not found", status: 404) }
            let t = max(Date().timeIntervalSince1970 - started, 0)
            let text = """
                # HELP http_requests_total HTTP requests by status code.
                # TYPE http_requests_total counter
                http_requests_total{code="200"} \(Int(t * 100))
                http_requests_total{code="500"} \(Int(t * 20))
                # HELP http_request_duration_seconds Request latency.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.1"} \(Int(t * 60))
                http_request_duration_seconds_bucket{le="0.5"} \(Int(t * 110))
                http_request_duration_seconds_bucket{le="+Inf"} \(Int(t * 120))
                http_request_duration_seconds_sum \(t * 20)
                http_request_duration_seconds_count \(Int(t * 120))
                # HELP process_cpu_seconds_total CPU time used.
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total \(t * 0.25)

                """
            return .text(text, headers: ["Content-Type": "text/plain; version=0.0.4"])
        }
    }
}
