import MCP
import StructuredData
import WorkerKit

/// What the server told in its `initialize` answer.
struct MCPServerInfo: Sendable {
    /// The protocol version both sides speak.
    var protocolVersion: String
    /// `serverInfo.name` and `serverInfo.version`.
    var name: String
    var version: String
    /// The server's capabilities (`tools`, `resources`, `prompts`, …).
    var capabilities: JSONValue
}

/// One MCP session with one server, reused by every job of the profile that names the server.
///
/// - The first request makes the `initialize` handshake (offering the newest protocol version the Swift SDK
///   supports, accepting any version it supports) and sends `notifications/initialized`.
/// - When the connection it was made on is gone (the stdio child ended and is started again, the HTTP server
///   forgot the session), the next request makes it again; a request refused because the session expired is sent
///   once more on the new session.
/// - The tool list is kept per connection, so every call knows the tool's annotations without asking each time.
actor MCPSession {
    let server: MCPServerConfiguration
    private let channel: any MCPChannel
    private var info: MCPServerInfo?
    private var infoConnection: Int?
    private var handshake: Task<MCPServerInfo, any Error>?
    private var tools: [String: JSONValue]?
    private var toolsConnection: Int?

    init(server: MCPServerConfiguration, channel: any MCPChannel) {
        self.server = server
        self.channel = channel
    }

    /// The protocol versions this client speaks, newest first (the Swift SDK's).
    static let supportedVersions = MCP.Version.supported.sorted(by: >)

    /// Sends a request on a ready session.
    func request(_ method: String, params: JSONValue) async throws(WorkerError) -> (JSONValue, MCPServerInfo) {
        var retried = false
        while true {
            let info = try await ready()
            do {
                return (try await channel.call(method, params: params, timeout: server.timeout), info)
            } catch  where error.code == MCPChannelError.sessionExpired && !retried {
                retried = true
                self.info = nil
            } catch  where error.code == MCPChannelError.sessionExpired {
                throw WorkerError(
                    code: .notFound,
                    message: "The MCP server \"\(server.name)\" forgot the session again right after it began."
                )
            }
        }
    }

    /// Every page of a paginated MCP list (`tools/list`, `resources/list`, `prompts/list`).
    struct Listing: Sendable {
        /// The items of every page read, in order.
        var items: [JSONValue] = []
        /// How many pages were read.
        var pages = 0
        /// Whether the server had more pages than ``MCPSession/maxListPages``.
        var truncated = false
        /// The session the last page was read on.
        var info: MCPServerInfo
    }

    /// The most pages one listing reads.
    static let maxListPages = 100

    /// Reads `method` page by page, following `nextCursor`, until the server sends none or ``maxListPages`` pages were
    /// read (then `truncated`).
    /// - Parameters:
    ///   - method: The list method.
    ///   - key: The member of each page holding its items (`tools`).
    /// - Throws: `vendor_error` when a page is larger than the server's `max_output_bytes`, or when the server hands
    ///   out a cursor it already gave (it would be read forever).
    func list(_ method: String, key: String) async throws(WorkerError) -> Listing {
        var cursor: String?
        var seen: Set<String> = []
        var listing: Listing?
        while true {
            let params: JSONValue = cursor.map { ["cursor": .string($0)] } ?? [:]
            let (page, info) = try await request(method, params: params)
            try checkSize(page)
            var current = listing ?? Listing(info: info)
            current.info = info
            current.items += page[key]?.arrayValue ?? []
            current.pages += 1
            listing = current
            guard let next = page["nextCursor"]?.stringValue else { return current }
            guard seen.insert(next).inserted else {
                throw WorkerError(
                    code: .vendorError,
                    message:
                        "The MCP server \"\(server.name)\" answered page \(current.pages) of \(method) with the cursor \"\(next.prefix(64))\" it already gave; listing stopped."
                )
            }
            guard current.pages < Self.maxListPages else {
                listing?.truncated = true
                return listing ?? current
            }
            cursor = next
        }
    }

    /// Fails an answer larger than the server's `max_output_bytes` (over HTTP the body is already bounded; over
    /// stdio this is where it is).
    func checkSize(_ answer: JSONValue) throws(WorkerError) {
        let bytes = JSONEncoding.compact(answer).utf8.count
        guard bytes <= server.maxOutputBytes else {
            throw WorkerError(
                code: .vendorError,
                message:
                    "The MCP server \"\(server.name)\" answered \(bytes) bytes, more than its max_output_bytes (\(server.maxOutputBytes))."
            )
        }
    }

    /// The server's tools by name and in order (listed once per connection; every page).
    func toolList() async throws(WorkerError) -> (byName: [String: JSONValue], listing: Listing) {
        let listing = try await list("tools/list", key: "tools")
        var byName: [String: JSONValue] = [:]
        for tool in listing.items { if let name = tool["name"]?.stringValue { byName[name] = tool } }
        tools = byName
        toolsConnection = await channel.connection()
        return (byName, listing)
    }

    /// The tools listed on the live connection, if they were.
    func cachedTools() async -> [String: JSONValue]? {
        guard let tools, let connection = await channel.connection(), connection == toolsConnection else { return nil }
        return tools
    }

    /// A dry run's plan of a request.
    func plan(_ method: String, params: JSONValue) async -> JSONValue {
        await channel.plan(method, params: params)
    }

    func close() async { await channel.close() }

    // MARK: - Handshake

    private func ready() async throws(WorkerError) -> MCPServerInfo {
        if let info, let connection = await channel.connection(), connection == infoConnection { return info }
        if let handshake {
            do { return try await handshake.value } catch { throw Self.workerError(error) }
        }
        let task = Task { try await self.initialize() }
        handshake = task
        defer { handshake = nil }
        do { return try await task.value } catch { throw Self.workerError(error) }
    }

    private func initialize() async throws(WorkerError) -> MCPServerInfo {
        info = nil
        let params: JSONValue = [
            "protocolVersion": .string(MCP.Version.latest),
            "capabilities": [:],
            "clientInfo": ["name": "cordum-mcp-client", "version": "0.1.0"],
        ]
        let answer = try await channel.call("initialize", params: params, timeout: server.timeout)
        guard let version = answer["protocolVersion"]?.stringValue else {
            throw WorkerError(
                code: .vendorError,
                message: "The MCP server \"\(server.name)\" answered initialize without a protocolVersion."
            )
        }
        guard MCP.Version.supported.contains(version) else {
            throw WorkerError(
                code: .vendorError,
                message:
                    "The MCP server \"\(server.name)\" speaks protocol version \(version); this worker speaks "
                    + Self.supportedVersions.joined(separator: ", ") + "."
            )
        }
        await channel.negotiated(protocolVersion: version)
        try await channel.notify("notifications/initialized", params: nil)
        let made = MCPServerInfo(
            protocolVersion: version,
            name: answer["serverInfo"]?["name"]?.stringValue ?? "",
            version: answer["serverInfo"]?["version"]?.stringValue ?? "",
            capabilities: answer["capabilities"] ?? [:]
        )
        info = made
        infoConnection = await channel.connection()
        return made
    }

    private static func workerError(_ error: any Error) -> WorkerError {
        (error as? WorkerError) ?? WorkerError(code: .vendorError, message: "The MCP handshake failed: \(error)")
    }
}
