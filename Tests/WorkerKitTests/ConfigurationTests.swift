import StructuredData
import Testing
import WorkerKit

@Suite("WorkerConfiguration from the environment")
struct ConfigurationTests {
    @Test func defaultsFollowUpstream() throws {
        let configuration = try WorkerConfiguration(packID: "hello", environment: [:])
        #expect(configuration.natsURL == "nats://localhost:4222")
        #expect(configuration.redisURL == "redis://localhost:6379")
        #expect(configuration.pool == "hello")
        #expect(configuration.queue == "hello")
        #expect(configuration.subjects == nil)
        #expect(configuration.maxParallel == 1)
        #expect(configuration.heartbeatInterval == .seconds(10))
        #expect(configuration.resultTTL == .seconds(86_400))
        #expect(configuration.workerID.hasPrefix("hello-"))
        #expect(configuration.directSubject == "worker.\(configuration.workerID).jobs")
    }

    @Test func readsPackVariablesWithUppercasedID() throws {
        let configuration = try WorkerConfiguration(
            packID: "kubernetes-triage",
            environment: [
                "CORDUM_NATS_URL": "nats://10.0.0.1:4223",
                "CORDUM_REDIS_URL": "redis://10.0.0.2:6380/1",
                "CORDUM_WORKER_ID": "k8s-1",
                "CORDUM_KUBERNETES_TRIAGE_POOL": "k8s",
                "CORDUM_KUBERNETES_TRIAGE_QUEUE": "k8s-q",
                "CORDUM_KUBERNETES_TRIAGE_SUBJECTS": "job.k8s.read, job.k8s.*",
                "CORDUM_KUBERNETES_TRIAGE_MAX_PARALLEL": "8",
                "CORDUM_KUBERNETES_TRIAGE_HEARTBEAT_SECONDS": "5",
                "CORDUM_KUBERNETES_TRIAGE_RESULT_TTL_SECONDS": "0",
                "CORDUM_KUBERNETES_TRIAGE_LABELS": "region=eu, gpu=none",
            ]
        )
        #expect(configuration.natsURL == "nats://10.0.0.1:4223")
        #expect(configuration.redisURL == "redis://10.0.0.2:6380/1")
        #expect(configuration.workerID == "k8s-1")
        #expect(configuration.pool == "k8s")
        #expect(configuration.queue == "k8s-q")
        #expect(configuration.subjects == ["job.k8s.read", "job.k8s.*"])
        #expect(configuration.maxParallel == 8)
        #expect(configuration.heartbeatInterval == .seconds(5))
        #expect(configuration.resultTTL == nil)
        #expect(configuration.labels == ["region": "eu", "gpu": "none"])
    }

    @Test func queueDefaultsToConfiguredPool() throws {
        let configuration = try WorkerConfiguration(packID: "hello", environment: ["CORDUM_HELLO_POOL": "p1"])
        #expect(configuration.queue == "p1")
    }

    @Test(arguments: [
        ("CORDUM_HELLO_MAX_PARALLEL", "zero"),
        ("CORDUM_HELLO_MAX_PARALLEL", "0"),
        ("CORDUM_HELLO_HEARTBEAT_SECONDS", "30"),
        ("CORDUM_NATS_URL", "http://"),
        ("CORDUM_REDIS_URL", "not a url"),
        ("CORDUM_WORKER_ID", "a.b"),
        ("CORDUM_HELLO_LABELS", "region"),
        ("CORDUM_HELLO_SUBJECTS", " , "),
    ])
    func invalidValuesNameTheVariable(variable: String, value: String) throws {
        let error = #expect(throws: ConfigurationError.self) {
            try WorkerConfiguration(packID: "hello", environment: [variable: value])
        }
        #expect(error?.variable == variable)
        #expect(error?.code == .invalidValue)
        #expect(error?.message.contains(variable) == true)
    }

    @Test func invalidPackIDIsRejected() {
        let error = #expect(throws: ConfigurationError.self) {
            try WorkerConfiguration(packID: "Hello.World", environment: [:])
        }
        #expect(error?.code == .invalidPackID)
    }

    @Test func envIndirectionReadsSecretsAndRegistersThem() throws {
        let configuration = try WorkerConfiguration(
            packID: "github",
            environment: [
                "CORDUM_GITHUB_TOKEN_ENV": "GH_PAT",
                "GH_PAT": "ghp_supersecret123",
                "CORDUM_API_KEY": "api-key-456",
                "CORDUM_REDIS_URL_ENV": "REDIS_DSN",
                "REDIS_DSN": "redis://:redispass789@127.0.0.1:6379",
            ],
            secretVariables: ["CORDUM_GITHUB_TOKEN"]
        )
        #expect(configuration.secret("CORDUM_GITHUB_TOKEN") == "ghp_supersecret123")
        #expect(configuration.secret("CORDUM_API_KEY") == "api-key-456")
        #expect(configuration.redisURL == "redis://:redispass789@127.0.0.1:6379")
        let scrubbed = configuration.secrets.scrub("token ghp_supersecret123 key api-key-456 pass redispass789")
        #expect(scrubbed == "token [REDACTED] key [REDACTED] pass [REDACTED]")
    }

    @Test func missingIndirectionTargetNamesBothVariables() {
        let error = #expect(throws: ConfigurationError.self) {
            try WorkerConfiguration(
                packID: "github",
                environment: ["CORDUM_GITHUB_TOKEN_ENV": "GH_PAT"],
                secretVariables: ["CORDUM_GITHUB_TOKEN"]
            )
        }
        #expect(error?.code == .missingIndirection)
        #expect(error?.variable == "CORDUM_GITHUB_TOKEN_ENV")
        #expect(error?.message.contains("GH_PAT") == true)
    }

    @Test func errorsNeverCarrySecretValues() {
        let error = #expect(throws: ConfigurationError.self) {
            try WorkerConfiguration(
                packID: "hello",
                environment: ["CORDUM_NATS_URL": "nats://user:hunter2secret@:notaport"]
            )
        }
        #expect(error?.variable == "CORDUM_NATS_URL")
        #expect(error?.message.contains("hunter2secret") == false)
    }

    @Test func urlCredentialsAreSecrets() throws {
        let configuration = try WorkerConfiguration(
            packID: "hello",
            environment: ["CORDUM_NATS_URL": "nats://s3cr3t-token@127.0.0.1:4222"]
        )
        #expect(configuration.secrets.scrub("connect s3cr3t-token") == "connect [REDACTED]")
    }
}

@Suite("SecretRegistry")
struct SecretRegistryTests {
    @Test func masksLongestFirstAndInsideJSON() {
        let registry = SecretRegistry(["abc123", "abc123-extended"])
        #expect(registry.scrub("x abc123-extended y abc123") == "x [REDACTED] y [REDACTED]")
        let scrubbed = registry.scrub(["k": ["nested": "Bearer abc123"], "abc123": 1])
        #expect(scrubbed == ["k": ["nested": "Bearer [REDACTED]"], "[REDACTED]": 1])
        #expect(registry.containsSecret("abc123") && !registry.containsSecret("abc"))
    }

    @Test func ignoresEmptyValues() {
        let registry = SecretRegistry([""])
        #expect(registry.count == 0)
        #expect(registry.scrub("text") == "text")
    }
}
