import Foundation

/// The standard demo stack `packctl dev` and the tests use: a service `api` (job `api`) whose 5xx ratio is high,
/// so its alerting rule `HighErrorRate` (group `api.rules`) fires; its request, latency, CPU and `up` series; and
/// a reverse proxy in front of Prometheus and Alertmanager that accepts basic auth ``username``/``password`` or
/// the bearer token ``token``.
public enum PrometheusDemo {
    /// The proxy's basic-auth user.
    public static let username = "cordum"
    /// The proxy's basic-auth password.
    public static let password = "demo-prometheus-password-0001"
    /// The proxy's bearer token.
    public static let token = "demo-prometheus-bearer-token-0001"
    /// The demo alert.
    public static let alertname = "HighErrorRate"

    /// Fills `world`; the alert became active ten minutes before `now`.
    public static func fill(_ world: inout PrometheusWorld, now: Double) {
        world.authorizations = [
            "Basic " + Data("\(username):\(password)".utf8).base64EncodedString(),
            "Bearer \(token)",
        ]
        func series(
            _ labels: [String: String],
            _ type: String,
            _ help: String,
            unit: String = "",
            _ value: @escaping @Sendable (Double) -> Double
        ) -> PrometheusWorld.Series {
            PrometheusWorld.Series(labels: labels, type: type, help: help, unit: unit, value: value)
        }
        let base = ["job": "api", "instance": "127.0.0.1:9100"]
        world.series = [
            series(base.merging(["__name__": "up"]) { $1 }, "gauge", "Whether the target is up.") { _ in 1 },
            series(
                base.merging(["__name__": "http_requests_total", "code": "200"]) { $1 },
                "counter",
                "HTTP requests by status code."
            ) { $0 * 10 },
            series(
                base.merging(["__name__": "http_requests_total", "code": "500"]) { $1 },
                "counter",
                "HTTP requests by status code."
            ) { $0 * 1.5 },
            series(
                base.merging(["__name__": "http_request_duration_seconds_bucket", "le": "0.1"]) { $1 },
                "histogram",
                "Request latency.",
                unit: "seconds"
            ) { $0 * 8 },
            series(
                base.merging(["__name__": "http_request_duration_seconds_bucket", "le": "+Inf"]) { $1 },
                "histogram",
                "Request latency.",
                unit: "seconds"
            ) { $0 * 11.5 },
            series(
                base.merging(["__name__": "process_cpu_seconds_total"]) { $1 },
                "counter",
                "CPU time used.",
                unit: "seconds"
            ) { $0 * 0.4 + 15 * (1 + sin($0 / 300)) },
        ]
        world.rules = [
            PrometheusWorld.AlertRule(
                name: alertname,
                group: "api.rules",
                query:
                    "sum by (job) (rate(http_requests_total{code=~\"5..\"}[1m])) / sum by (job) (rate(http_requests_total[1m])) > 0.05",
                duration: 0,
                labels: ["severity": "page"],
                annotations: ["summary": "More than 5% of api requests fail."],
                alertLabels: ["alertname": alertname, "job": "api", "severity": "page"],
                activeAt: (now - 600).rounded(.down)
            )
        ]
    }
}
