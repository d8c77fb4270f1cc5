import Foundation
import Hummingbird
import Logging
import StructuredData
public import WorkerKit

/// What `cordum-webhooks` runs: `worker` (the outbound worker over CAP), `receiver` (the inbound receiver) or
/// `all` (both, stopping together).
public enum WebhooksMain {
    /// Runs `mode` with `environment`.
    /// - Throws: a configuration error naming the variable or source at fault, or what stopped the service.
    public static func run(mode: String, environment: [String: String]) async throws {
        switch mode {
        case "worker":
            try await runWorker(environment)
        case "receiver":
            try await runReceiver(environment)
        case "all":
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await runWorker(environment) }
                group.addTask { try await runReceiver(environment) }
                try await group.next()
                group.cancelAll()
            }
        default:
            throw ReceiverConfigurationError("unknown mode \"\(mode)\"; use worker (default), receiver or all")
        }
    }

    static func runWorker(_ environment: [String: String]) async throws {
        let configuration = try WorkerConfiguration(packID: WebhooksConfiguration.packID, environment: environment)
        let webhooks = try WebhooksConfiguration(environment: environment, secrets: configuration.secrets)
        try await WebhooksWorker.make(configuration: webhooks).run(configuration: configuration)
    }

    static func runReceiver(_ environment: [String: String]) async throws {
        let configuration = try ReceiverConfiguration(environment: environment)
        let receiver = WebhookReceiver(
            sources: configuration.sources,
            starter: HostRunStarter(hostURL: configuration.hostURL)
        )
        let app = ReceiverServer.application(receiver, host: configuration.host, port: configuration.port)
        try await app.runService()
    }
}

/// The receiver's configuration from the environment (packs/webhooks/README.md):
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `CORDUM_WEBHOOKS_SOURCES_FILE` | a JSON file `{"sources": [...]}` | — |
/// | `CORDUM_WEBHOOKS_SOURCES` | the same JSON inline (the file wins) | — |
/// | `CORDUM_WEBHOOKS_HOST_URL` | the host the runs start on | `CORDUM_GATEWAY_URL`, else `http://127.0.0.1:8080` |
/// | `CORDUM_WEBHOOKS_RECEIVER_ADDRESS` | `host:port` to listen on | `0.0.0.0:8095` |
public struct ReceiverConfiguration: Sendable {
    /// The sources.
    public var sources: [WebhookSource]
    /// The host's base URL.
    public var hostURL: String
    /// The listening address.
    public var host: String
    /// The listening port.
    public var port: Int
    /// Every secret and API key read.
    public var secrets: SecretRegistry

    /// Reads the configuration.
    /// - Throws: ``ReceiverConfigurationError`` naming the variable or source at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws {
        self.secrets = secrets
        let text: String
        if let path = environment["CORDUM_WEBHOOKS_SOURCES_FILE"], !path.isEmpty {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ReceiverConfigurationError("CORDUM_WEBHOOKS_SOURCES_FILE \(path) cannot be read")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if let inline = environment["CORDUM_WEBHOOKS_SOURCES"], !inline.isEmpty {
            text = inline
        } else {
            throw ReceiverConfigurationError(
                "no sources: set CORDUM_WEBHOOKS_SOURCES_FILE (a JSON file {\"sources\": [...]}) or CORDUM_WEBHOOKS_SOURCES"
            )
        }
        sources = try Self.sources(json: text, environment: environment, secrets: secrets)
        hostURL =
            environment["CORDUM_WEBHOOKS_HOST_URL"] ?? environment["CORDUM_GATEWAY_URL"] ?? "http://127.0.0.1:8080"
        let address = environment["CORDUM_WEBHOOKS_RECEIVER_ADDRESS"] ?? "0.0.0.0:8095"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ReceiverConfigurationError("CORDUM_WEBHOOKS_RECEIVER_ADDRESS \"\(address)\" is not host:port")
        }
        host = String(address[..<colon])
        self.port = port
    }

    /// The sources of a `{"sources": [...]}` document.
    public static func sources(
        json: String,
        environment: [String: String],
        secrets: SecretRegistry
    ) throws(ReceiverConfigurationError) -> [WebhookSource] {
        guard let document = try? JSONParser.parse(Array(json.utf8), file: "sources").value,
            case .array(let entries)? = document["sources"], !entries.isEmpty
        else {
            throw ReceiverConfigurationError(
                "the sources configuration must be JSON {\"sources\": [ ... ]} with at least one source"
            )
        }
        var sources: [WebhookSource] = []
        for (index, entry) in entries.enumerated() {
            let source = try WebhookSource(entry, index: index, environment: environment, secrets: secrets)
            if sources.contains(where: { $0.path == source.path || $0.id == source.id }) {
                throw ReceiverConfigurationError("source \"\(source.id)\": its id or path \(source.path) is used twice")
            }
            sources.append(source)
        }
        return sources
    }
}
