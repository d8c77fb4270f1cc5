import EmulatorKit
import Foundation
import JSONSchema
import MCPClientEmulator
import MCPClientWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// What the mcp-client tests share: the demo emulator, workers made from settings, jobs with their risk tags, and
/// the MCP JSON Schema.
enum MCPTest {
    /// `packs/mcp-client/Tests/`.
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The Python MCP SDK (pinned in `peers/setup-venv.sh`).
    static let python = PythonEnvironment(
        "the Python MCP SDK",
        setupScript: testsFolder.appendingPathComponent("peers/setup-venv.sh")
    )

    /// The Python peer server.
    static let peer = testsFolder.appendingPathComponent("peers/python_peer.py")

    /// A worker made from `settings`, with its secrets.
    static func worker(
        _ settings: [String: String],
        restart: SupervisedProcess.RestartPolicy = .init(initialDelay: .milliseconds(50), maxCrashes: 5)
    ) throws -> (Worker, SecretRegistry) {
        let made = try made(settings, restart: restart)
        return (made.0.worker, made.1)
    }

    /// A worker made from `settings`, with the handle that ends its sessions, and its secrets.
    static func made(
        _ settings: [String: String],
        restart: SupervisedProcess.RestartPolicy = .init(initialDelay: .milliseconds(50), maxCrashes: 5)
    ) throws -> (MCPClientWorker.Made, SecretRegistry) {
        let secrets = SecretRegistry()
        let configuration = try MCPClientConfiguration(environment: settings, secrets: secrets, restart: restart)
        return (try MCPClientWorker.makeWithSessions(configuration: configuration), secrets)
    }

    /// Runs one job on `topic` with the topic's capability and tags.
    static func run(
        _ worker: (Worker, SecretRegistry),
        _ topic: String,
        _ input: JSONValue,
        labels: [String: String] = [:],
        dryRun: Bool = false,
        artifacts: MemoryArtifacts = MemoryArtifacts()
    ) async -> JobOutcome {
        let action = String(topic.dropFirst("job.".count))
        let tags: [String] =
            switch topic {
            case "job.mcp-client.tools.call": ["write"]
            case "job.mcp-client.tools.call.destructive": ["write", "destructive"]
            default: ["read"]
            }
        return await runJob(
            worker.0,
            topic: topic,
            input,
            secrets: worker.1,
            labels: labels,
            capability: action,
            riskTags: tags,
            dryRun: dryRun,
            artifacts: artifacts.writer(worker.1)
        )
    }

    /// The MCP schema (2025-11-25, JSON Schema 2020-12) from `../shared/vendor-specs/mcp/`.
    static let mcpSchema: JSONValue = {
        var folder = testsFolder
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("shared/vendor-specs/mcp/schema-2025-11-25.json")
            if FileManager.default.fileExists(atPath: candidate.path) {
                return (try? JSONParser.parse(String(contentsOf: candidate, encoding: .utf8))) ?? .null
            }
            let sibling = folder.deletingLastPathComponent().appendingPathComponent(
                "shared/vendor-specs/mcp/schema-2025-11-25.json"
            )
            if FileManager.default.fileExists(atPath: sibling.path) {
                return (try? JSONParser.parse(String(contentsOf: sibling, encoding: .utf8))) ?? .null
            }
            folder = folder.deletingLastPathComponent()
        }
        return .null
    }()

    /// Validates `message` against the MCP schema's definition `name` (`CallToolRequest`, `ListToolsResult`, …).
    static func problems(_ message: JSONValue, as name: String) throws -> [String] {
        guard var document = mcpSchema.objectValue else {
            throw MCPTestFailure(description: "the MCP schema is missing")
        }
        document["$ref"] = .string("#/$defs/\(name)")
        let schema = try JSONSchema(.object(document))
        return schema.validate(message).map { "\(name) \($0.instancePath): \($0.message)" }
    }
}

/// A failure of the test's own set-up.
struct MCPTestFailure: Error, CustomStringConvertible {
    var description: String
}

extension JSONValue {
    /// The element at `index` of an array.
    func at(_ index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
