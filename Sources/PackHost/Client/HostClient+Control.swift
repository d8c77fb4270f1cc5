import Bundler
import Foundation
import NIOHTTP1
import PackFormat
public import StructuredData

extension HostClient: HostControl {
    /// `GET /status`: Cordum's fields (time, uptime, build, bus and store state, workers) plus version, tenant,
    /// principal and queue length.
    public func status() async throws(HostError) -> JSONValue {
        try await expect(send(.GET, "/status"), "GET /status")
    }

    public func startRun(workflowID: String, input: JSONValue, dryRun: Bool, idempotencyKey: String?)
        async throws(HostError) -> String
    {
        var query: [(String, String)] = []
        if dryRun { query.append(("dry_run", "true")) }
        if let idempotencyKey { query.append(("idempotency_key", idempotencyKey)) }
        let path = "/workflows/\(Self.pathSegment(workflowID))/runs"
        let answer = try await expect(send(.POST, path, query: query, body: .json(input)), "POST \(path)")
        guard let id = answer["run_id"]?.stringValue else {
            throw HostError(.internal, "POST \(path): the answer has no run_id")
        }
        return id
    }

    public func run(_ id: String) async throws(HostError) -> JSONValue {
        let path = "/workflow-runs/\(Self.pathSegment(id))"
        return try await expect(send(.GET, path), "GET \(path)")
    }

    public func runs(workflowID: String?, status: String?, limit: Int) async throws(HostError) -> [JSONValue] {
        var query: [(String, String)] = [("limit", String(limit))]
        if let workflowID { query.append(("workflow_id", workflowID)) }
        if let status { query.append(("status", status)) }
        return try await items(send(.GET, "/workflow-runs", query: query), "GET /workflow-runs")
    }

    public func artifact(_ pointer: String) async throws(HostError) -> JSONValue {
        let path = "/artifacts/\(Self.pathSegment(pointer))"
        return try await expect(send(.GET, path), "GET /artifacts/{ptr}")
    }

    public func timeline(_ runID: String, limit: Int) async throws(HostError) -> [JSONValue] {
        let path = "/workflow-runs/\(Self.pathSegment(runID))/timeline"
        let answer = try await expect(send(.GET, path, query: [("limit", String(limit))]), "GET \(path)")
        if let events = answer.arrayValue ?? answer["items"]?.arrayValue { return events }
        throw HostError(.internal, "GET \(path): the answer is not a list of events")
    }

    public func approvals(includeDecided: Bool, limit: Int) async throws(HostError) -> [JSONValue] {
        let query = [("status", includeDecided ? "all" : "pending"), ("limit", String(limit))]
        return try await items(send(.GET, "/approvals", query: query), "GET /approvals")
    }

    public func approve(_ id: String, reason: String, digest: String?) async throws(HostError) -> JSONValue {
        var body: [String: JSONValue] = ["reason": .string(reason)]
        body["digest"] = digest.map(JSONValue.string)
        let path = "/approvals/\(Self.pathSegment(id))/approve"
        return try await expect(send(.POST, path, body: .json(.object(body))), "POST \(path)")
    }

    public func reject(_ id: String, reason: String) async throws(HostError) -> JSONValue {
        let path = "/approvals/\(Self.pathSegment(id))/reject"
        return try await expect(send(.POST, path, body: .json(["reason": .string(reason)])), "POST \(path)")
    }

    public func install(_ source: HostPackSource, options: InstallOptions) async throws(HostError) -> JSONValue {
        var query: [(String, String)] = []
        if options.upgrade { query.append(("upgrade", "true")) }
        if options.inactive { query.append(("inactive", "true")) }
        if options.dryRun { query.append(("dry_run", "true")) }
        let body: Body
        switch source {
        case .path(let path):
            body = .bytes(try Self.bundleBytes(path), contentType: "application/gzip")
        case .catalog(let catalog, let packID, let version, let keyFile):
            if keyFile != nil {
                throw HostError(
                    .invalidArgument,
                    "--key is not used with --host: the host checks catalog signatures with its own trusted keys"
                )
            }
            var fields: [String: JSONValue] = ["catalog": .string(catalog), "pack_id": .string(packID)]
            fields["version"] = version.map(JSONValue.string)
            body = .json(.object(fields))
        }
        return try await expect(send(.POST, "/packs/install", query: query, body: body), "POST /packs/install")
    }

    public func uninstall(_ packID: String, purge: Bool) async throws(HostError) -> JSONValue {
        let path = "/packs/\(Self.pathSegment(packID))/uninstall"
        return try await expect(send(.POST, path, body: .json(["purge": .bool(purge)])), "POST \(path)")
    }

    public func packs() async throws(HostError) -> [JSONValue] {
        try await items(send(.GET, "/packs"), "GET /packs")
    }

    public func workflow(_ id: String) async throws(HostError) -> JSONValue {
        let path = "/workflows/\(Self.pathSegment(id))"
        return try await expect(send(.GET, path), "GET \(path)")
    }

    public func pack(_ id: String) async throws(HostError) -> JSONValue {
        let path = "/packs/\(Self.pathSegment(id))"
        return try await expect(send(.GET, path), "GET \(path)")
    }

    /// A local pack as `.tgz` bytes to upload: a `.tgz` file as it is, a folder bundled as `packctl build` does.
    static func bundleBytes(_ path: String) throws(HostError) -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw HostError(.invalidArgument, "\(path): no such pack folder or .tgz")
        }
        if !isFolder.boolValue {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw HostError(.invalidArgument, "\(path): cannot read the file")
            }
            return [UInt8](data)
        }
        let pack: Pack
        do {
            pack = try PackLoader.load(path)
        } catch {
            throw HostError(.invalidArgument, error.errors.map(\.description).joined(separator: "\n"))
        }
        do {
            return try BundleWriter.bundle(pack).bytes
        } catch {
            throw HostError(.invalidArgument, "\(path): \(error.message)")
        }
    }

    /// The JSON of an answer that must have a body.
    private func expect(_ answer: JSONValue?, _ route: String) throws(HostError) -> JSONValue {
        guard let answer else { throw HostError(.internal, "\(route): the host answered without a body") }
        return answer
    }

    /// The `items` of a list answer.
    private func items(_ answer: JSONValue?, _ route: String) throws(HostError) -> [JSONValue] {
        guard let items = answer?["items"]?.arrayValue ?? answer?.arrayValue else {
            throw HostError(.internal, "\(route): the answer has no items")
        }
        return items
    }
}
