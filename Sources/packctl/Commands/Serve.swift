import ArgumentParser
import Bundler
import Foundation
import PackHost
import Telemetry
import WorkerKit

/// `packctl serve`: the host API over HTTP on the data folder.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the host API (docs/host-api.md) on the data folder.",
        discussion: """
            On first start, with no <DIR>/api-keys.json, an admin key for every tenant is created, stored hashed \
            (mode 0600) and printed once on standard output. Then the host recovers unfinished runs and jobs and \
            serves until SIGINT or SIGTERM, when it stops accepting requests, lets in-flight ones finish and shuts \
            down. With --dev-workers, the built-in in-process worker of every installed pack that has one serves its \
            pool, including packs installed while the server runs (a worker that needs settings runs when its \
            CORDUM_<PACK>_* variables are set; packctl dev --list-packs lists them). With --nats and --redis \
            (defaults: CORDUM_NATS_URL, CORDUM_REDIS_URL), remote workers that heartbeat over CAP serve their \
            pools (jobs on worker.<id>.jobs), and each --remote-pool is served on the topic subject while none of \
            its workers is known (docs/host.md, "Remote workers over CAP"). The bus is closed with tls:// and \
            rediss:// URLs, NATS_TLS_*, NATS_TOKEN, NATS_USERNAME/NATS_PASSWORD, NATS_NKEY, NATS_CREDS, REDIS_TLS_* and \
            CORDUM_CAP_SIGNING_KEY/CORDUM_CAP_PUBLIC_KEYS/CORDUM_CAP_REQUIRE_SIGNED (docs/cap.md), and with \
            --allow-worker. Webhook subscriptions deliver to public addresses only, and to the hosts each \
            --allow-webhook-host names; --approval-integrations lets chat integrations decide approvals for mapped \
            people (docs/events.md). The API installs from a catalog (POST /packs/install with a catalog, the marketplace) \
            only when a --trust-catalog-key key signed it, unless --allow-unsigned-catalogs.
            Exit codes: 0 stopped by a signal; 2 the store, the policy file, the key file, the address, NATS or \
            Redis cannot be used.
            """
    )

    @OptionGroup var data: HostDataOptions

    @OptionGroup var tracing: TraceOptions

    @Option(name: .long, help: "The address to listen on.")
    var address = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .long, help: "A base policy file merged before every pack's fragment.")
    var policy: String?

    @Flag(name: .long, help: "Run the built-in in-process workers of the installed packs.")
    var devWorkers = false

    @Option(name: .long, help: "NATS URL for remote workers over CAP (default: CORDUM_NATS_URL).")
    var nats: String?

    @Option(name: .long, help: "Redis URL for CAP's context and result pointers (default: CORDUM_REDIS_URL).")
    var redis: String?

    @Option(name: .long, help: "A pool served on the topic subject while none of its workers heartbeats (repeatable).")
    var remotePool: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A tenant whose principals may approve their own requests (repeatable; * for every tenant).",
            discussion:
                "Off by default: an approval needs a principal other than the one that asked (docs/security.md)."
        )
    )
    var allowSelfApproval: [String] = []

    @Option(name: .long, help: "A public key (NAME.pub) whose signed catalogs the API may install from (repeatable).")
    var trustCatalogKey: [String] = []

    @Flag(name: .long, help: "Let the API install from catalogs that no trusted key signed.")
    var allowUnsignedCatalogs = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Only these worker ids may serve POOL over CAP (POOL=ID[,ID...], repeatable); others are refused.",
            valueName: "pool=ids"
        )
    )
    var allowWorker: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A JSON file of integrations that may decide approvals for people (POST /approvals/callback).",
            discussion: "{\"integrations\": [{\"id\", \"secret\", \"tenants\", \"people\"}]} (docs/events.md).",
            valueName: "file"
        )
    )
    var approvalIntegrations: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A host webhook subscriptions may deliver to although it is internal (loopback, private; repeatable).",
            valueName: "host"
        )
    )
    var allowWebhookHost: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var remote = try Self.remoteWorkers(
            nats: nats ?? environment["CORDUM_NATS_URL"],
            redis: redis ?? environment["CORDUM_REDIS_URL"],
            remotePools: remotePool
        )
        if remote != nil {
            do {
                remote?.bus = try BusSecurity(environment: environment)
            } catch {
                throw ValidationError(error.message)
            }
        }
        if !allowWorker.isEmpty {
            guard remote != nil else {
                throw ValidationError("--allow-worker needs --nats and --redis (or CORDUM_NATS_URL, CORDUM_REDIS_URL)")
            }
            do {
                remote?.allowedWorkers = try WorkerAllowList.parse(allowWorker)
            } catch {
                throw ValidationError(error.message)
            }
        }
        var configuration = HostConfiguration()
        let traces = try tracing.start()
        configuration.tracer = traces?.tracer
        configuration.allowUnsignedCatalogs = allowUnsignedCatalogs
        configuration.selfApproval = allowSelfApproval.isEmpty ? .off : .tenants(Set(allowSelfApproval))
        configuration.webhookAllowList = WebhookAllowList(allowedHosts: Set(allowWebhookHost))
        if let approvalIntegrations {
            do {
                configuration.approvalIntegrations = try ApprovalIntegration.load(path: approvalIntegrations)
            } catch {
                printError("error: --approval-integrations \(approvalIntegrations): \(error.message)")
                throw ExitStatus.invalidInput
            }
        }
        for path in trustCatalogKey {
            do {
                configuration.trustedCatalogKeys.append(try KeyFiles.publicKey(at: path))
            } catch {
                printError("error: --trust-catalog-key \(path): \(error.message)")
                throw ExitStatus.invalidInput
            }
        }
        try await Self.serve(
            data: data.data,
            address: address,
            port: port,
            policy: policy,
            devWorkers: devWorkers,
            remote: remote,
            configuration: configuration,
            traces: traces
        )
    }

    /// The CAP bridge configuration: none without NATS and Redis; one without the other is a usage error.
    static func remoteWorkers(nats: String?, redis: String?, remotePools: [String]) throws -> CAPBridgeConfiguration? {
        switch (nats.flatMap { $0.isEmpty ? nil : $0 }, redis.flatMap { $0.isEmpty ? nil : $0 }) {
        case (let nats?, let redis?):
            return CAPBridgeConfiguration(natsURL: nats, redisURL: redis, remotePools: remotePools)
        case (nil, nil):
            guard remotePools.isEmpty else {
                throw ValidationError("--remote-pool needs --nats and --redis (or CORDUM_NATS_URL, CORDUM_REDIS_URL)")
            }
            return nil
        default:
            throw ValidationError(
                "remote workers need both --nats and --redis (or CORDUM_NATS_URL and CORDUM_REDIS_URL)"
            )
        }
    }

    /// Opens the data folder and serves until a signal; `serve` and `dev` share it.
    /// - Parameters:
    ///   - workers: the built-in worker factories run with `devWorkers` (default: those the environment configures).
    ///   - prepare: runs on the opened services before the server starts (`dev` installs its packs).
    static func serve(
        data: String,
        address: String,
        port: Int,
        policy: String?,
        devWorkers: Bool,
        remote: CAPBridgeConfiguration? = nil,
        configuration: HostConfiguration = HostConfiguration(),
        traces: TraceExport? = nil,
        workers: BuiltInWorkers.Factories = BuiltInWorkers.fromEnvironment,
        prepare: (@Sendable (HostServices) async throws(HostError) -> Void)? = nil,
        onServing: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        do {
            try await serveUntilStopped(
                data: data,
                address: address,
                port: port,
                policy: policy,
                devWorkers: devWorkers,
                remote: remote,
                configuration: configuration,
                workers: workers,
                prepare: prepare,
                onServing: onServing
            )
        } catch {
            // The spans of the last runs are still batched: send them before the process ends.
            await traces?.shutdown()
            throw error
        }
        await traces?.shutdown()
    }

    private static func serveUntilStopped(
        data: String,
        address: String,
        port: Int,
        policy: String?,
        devWorkers: Bool,
        remote: CAPBridgeConfiguration?,
        configuration: HostConfiguration,
        workers: BuiltInWorkers.Factories,
        prepare: (@Sendable (HostServices) async throws(HostError) -> Void)?,
        onServing: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let services: HostServices
        do {
            let basePolicy = try policy.map { path throws in (file: path, bytes: try readInputFile(path)) }
            services = try HostServices.open(
                paths: HostPaths(dataDirectory: data),
                configuration: configuration,
                basePolicy: basePolicy
            )
        } catch let error as HostError {
            throw failHostCommand(error, format: .text)
        }
        if let notice = selfApprovalNotice(configuration.selfApproval) { printFlushed(notice) }
        if let prepare {
            do throws(HostError) {
                try await prepare(services)
            } catch {
                throw failHostCommand(error, format: .text)
            }
        }
        let sync = devWorkers ? BuiltInWorkers.keepRegistered(on: services, factories: workers) : nil
        defer { sync?.cancel() }
        var bridge: CAPBridge?
        if let remote {
            do {
                let started = try CAPBridge(host: services.host, configuration: remote)
                try await started.start()
                bridge = started
            } catch {
                throw failHostCommand(error, format: .text)
            }
        }
        let server = HostServer(
            services: services,
            configuration: HostServer.Configuration(host: address, port: port),
            bus: bridge
        )
        do {
            try await server.run(
                announceKey: { key in
                    printFlushed("created an admin API key (shown once, stored hashed in \(data)/api-keys.json):")
                    printFlushed("  CORDUM_API_KEY=\(key)")
                },
                onServerRunning: { port in
                    printFlushed("serving the host API on http://\(address):\(port)/api/v1 (data: \(data))")
                    printFlushed("console: http://\(address):\(port)/ (sign in with an API key)")
                    await onServing(port)
                }
            )
        } catch let error as HostError {
            await bridge?.stop()
            throw failHostCommand(error, format: .text)
        } catch {
            await bridge?.stop()
            printError("error: the server stopped: \(error)")
            throw ExitStatus.invalidInput
        }
        await bridge?.stop()
    }
}

/// What a host command says when self-approval is on: separation of duties does not hold there.
func selfApprovalNotice(_ selfApproval: SelfApproval) -> String? {
    guard case .tenants(let tenants) = selfApproval else { return nil }
    let scope = tenants.contains("*") ? "every tenant" : "tenants " + tenants.sorted().joined(separator: ", ")
    return "note: self-approval is on for \(scope): a principal may approve its own requests (single-user mode; "
        + "packctl serve keeps it off unless --allow-self-approval names the tenant)"
}

/// Writes a line to standard output at once, unbuffered (a test or script may be reading the pipe).
func printFlushed(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
