import CAP
import Foundation

extension WorkerConfiguration {
    /// Reads the configuration from an environment dictionary (pass `ProcessInfo.processInfo.environment`).
    ///
    /// | variable | meaning | default |
    /// | --- | --- | --- |
    /// | `CORDUM_NATS_URL` | NATS URL | `nats://localhost:4222` |
    /// | `CORDUM_REDIS_URL` | Redis URL | `redis://localhost:6379` |
    /// | `CORDUM_WORKER_ID` | worker id, one subject token | `<pack>-<random hex>` |
    /// | `CORDUM_<PACK>_POOL` | pool name in heartbeats | the pack id |
    /// | `CORDUM_<PACK>_QUEUE` | queue group of the topic subjects | the pool |
    /// | `CORDUM_<PACK>_SUBJECTS` | comma-separated topic subjects | the handlers' topics |
    /// | `CORDUM_<PACK>_MAX_PARALLEL` | concurrent jobs, 1–1024 | 1 |
    /// | `CORDUM_<PACK>_HEARTBEAT_SECONDS` | heartbeat interval, 1–10 | 10 |
    /// | `CORDUM_<PACK>_RESULT_TTL_SECONDS` | result key lifetime, 0 = forever | 86400 |
    /// | `CORDUM_<PACK>_DRAIN_TIMEOUT_SECONDS` | drain limit before cancelling jobs, 0 = none | 0 |
    /// | `CORDUM_<PACK>_LABELS` | heartbeat labels, `k=v,k2=v2` | none |
    /// | `CORDUM_GATEWAY_URL` | Cordum's gateway, `http(s)://host[:port]` (memory fallback, artifacts) | none |
    /// | `CORDUM_METRICS_ADDR` | serve `/metrics` on `host:port` or `:port` | off |
    /// | `NATS_TLS_*`, `NATS_TOKEN`, `NATS_USERNAME`, `NATS_PASSWORD`, `NATS_NKEY`, `NATS_CREDS`, `REDIS_TLS_*`, `CORDUM_CAP_*` | TLS, credentials and packet signing (``BusSecurity/init(environment:secrets:)``) | none |
    ///
    /// `<PACK>` is the pack id uppercased with `-` → `_`. Any variable `X` may instead be given as `X_ENV=NAME`,
    /// meaning "read the value from variable `NAME`"; values read that way, the variables in
    /// `secretVariables`, `CORDUM_API_KEY` and passwords or tokens in the URLs are registered as secrets.
    /// - Parameters:
    ///   - packID: The pack id (`[a-z0-9-]+`).
    ///   - environment: The variables.
    ///   - secretVariables: Variables holding credentials the pack needs (read with ``secret(_:)``); optional.
    /// - Throws: ``ConfigurationError`` naming the variable and what is valid.
    public init(
        packID: String,
        environment: [String: String],
        secretVariables: [String] = []
    ) throws(ConfigurationError) {
        let reader = try EnvironmentReader(packID: packID, environment: environment)
        let workerID = try reader.value("CORDUM_WORKER_ID") ?? "\(packID)-\(Self.randomSuffix())"
        guard Self.isSubjectToken(workerID) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: "CORDUM_WORKER_ID",
                message: "CORDUM_WORKER_ID \"\(workerID)\" must be one NATS subject token: no '.', '*', '>' or spaces."
            )
        }
        let pool = try reader.value(reader.packVariable("POOL"))
        self.init(
            packID: packID,
            workerID: workerID,
            natsURL: try reader.url("CORDUM_NATS_URL", default: "nats://localhost:4222") {
                try NATSConfiguration(url: $0)
            },
            redisURL: try reader.url("CORDUM_REDIS_URL", default: "redis://localhost:6379") {
                try RedisConfiguration(url: $0)
            },
            pool: pool,
            queue: try reader.value(reader.packVariable("QUEUE")),
            subjects: try reader.list(reader.packVariable("SUBJECTS")),
            maxParallel: try reader.integer(reader.packVariable("MAX_PARALLEL"), in: 1...1024) ?? 1,
            heartbeatInterval: .seconds(try reader.integer(reader.packVariable("HEARTBEAT_SECONDS"), in: 1...10) ?? 10),
            resultTTL: (try reader.integer(reader.packVariable("RESULT_TTL_SECONDS"), in: 0...Int(Int32.max)) ?? 86_400)
                .positiveSeconds,
            drainTimeout: (try reader.integer(reader.packVariable("DRAIN_TIMEOUT_SECONDS"), in: 0...86_400) ?? 0)
                .positiveSeconds,
            labels: try reader.labels(reader.packVariable("LABELS")),
            secrets: reader.secrets
        )
        if let gateway = try reader.value("CORDUM_GATEWAY_URL") {
            guard gateway.hasPrefix("http://") || gateway.hasPrefix("https://"), gateway.count > 8,
                URLComponents(string: gateway)?.host?.isEmpty == false
            else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_GATEWAY_URL",
                    message:
                        "CORDUM_GATEWAY_URL must be an http:// or https:// URL with a host, e.g. http://localhost:8081."
                )
            }
            gatewayURL = gateway
        }
        if let address = try reader.value("CORDUM_METRICS_ADDR") {
            guard MetricsHTTPServer.listenAddress(address) != nil else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_METRICS_ADDR",
                    message:
                        "CORDUM_METRICS_ADDR \"\(address)\" must be host:port or :port with a port in 1-65535, e.g. :9102."
                )
            }
            metricsAddress = address
        }
        bus = try BusSecurity(environment: environment, secrets: secrets)
        for variable in secretVariables + ["CORDUM_API_KEY"] {
            if let value = try reader.value(variable) {
                secrets.register(value)
                secretValues[variable] = value
            }
        }
    }

    /// The environment variable prefix of a pack: `CORDUM_<PACK>_` with the id uppercased and `-` → `_`.
    public static func variablePrefix(packID: String) -> String {
        "CORDUM_" + packID.uppercased().replacing("-", with: "_") + "_"
    }

    static func isSubjectToken(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0 == "." || $0 == "*" || $0 == ">" || $0.isWhitespace }
    }

    private static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }
}

extension Int {
    fileprivate var positiveSeconds: Duration? { self > 0 ? .seconds(self) : nil }
}
