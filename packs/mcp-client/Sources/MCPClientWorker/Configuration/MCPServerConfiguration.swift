import StructuredData
public import WorkerKit

/// One MCP server of a profile: how to reach it and the bounds of every exchange with it.
public struct MCPServerConfiguration: Sendable {
    /// How the server is reached.
    public enum Endpoint: Sendable {
        /// A child process speaking MCP on its standard input and output, supervised by WorkerKit's
        /// ``SupervisedProcess`` (restarted with backoff when it ends).
        case stdio(ProcessRequest)
        /// A Streamable HTTP endpoint; `headers` are sent with every request, `token` as `Authorization: Bearer`.
        case http(url: String, headers: [String: String], token: String?)
    }

    /// The server's name in the profile.
    public var name: String
    /// How it is reached.
    public var endpoint: Endpoint
    /// How long one request may wait for its answer.
    public var timeout: Duration
    /// The largest answer accepted, in bytes; a larger one fails the job with `vendor_error`.
    public var maxOutputBytes: Int
    /// Text content items longer than this go to an artifact; the output keeps their first characters.
    public var inlineTextLimit: Int

    /// A server.
    public init(
        name: String,
        endpoint: Endpoint,
        timeout: Duration = .seconds(30),
        maxOutputBytes: Int = 4 << 20,
        inlineTextLimit: Int = 16 << 10
    ) {
        self.name = name
        self.endpoint = endpoint
        self.timeout = timeout
        self.maxOutputBytes = maxOutputBytes
        self.inlineTextLimit = inlineTextLimit
    }

    /// The transport's name in outputs: `stdio` or `http`.
    public var transport: String {
        if case .stdio = endpoint { return "stdio" }
        return "http"
    }

    /// Reads a server from a profile's `servers` entry.
    /// - Parameters:
    ///   - name: The entry's key.
    ///   - value: The entry.
    ///   - where: The variable and profile, for messages.
    ///   - environment: The worker's environment, for `token_env` and `env_secrets`.
    ///   - secrets: Registers every credential read.
    ///   - defaultTimeout: The request timeout when the entry sets none.
    static func parse(
        name: String,
        _ value: JSONValue,
        where place: String,
        environment: [String: String],
        secrets: SecretRegistry,
        defaultTimeout: Duration
    ) throws(ConfigurationError) -> MCPServerConfiguration {
        let field = "\(place) server \"\(name)\""
        func invalid(_ message: String) -> ConfigurationError {
            ConfigurationError(code: .invalidValue, variable: place, message: "\(field): \(message)")
        }
        guard value.objectValue != nil else { throw invalid("must be an object with url or command") }
        func strings(_ key: String) throws(ConfigurationError) -> [String: String] {
            guard let object = value[key] else { return [:] }
            guard let members = object.objectValue else { throw invalid("\(key) must be an object of strings") }
            var result: [String: String] = [:]
            for (name, member) in members {
                guard let text = member.stringValue else { throw invalid("\(key).\(name) must be a string") }
                result[name] = text
            }
            return result
        }
        func secretFromVariable(_ variable: String, for what: String) throws(ConfigurationError) -> String {
            guard let secret = environment[variable], !secret.isEmpty else {
                throw ConfigurationError(
                    code: .missingIndirection,
                    variable: place,
                    message: "\(field): \(what) names the variable \(variable), which is not set."
                )
            }
            secrets.register(secret)
            return secret
        }
        var timeout = defaultTimeout
        if let text = value["timeout"]?.stringValue ?? value["timeout"]?.doubleValue.map({ "\($0)s" }) {
            guard let parsed = Self.duration(text), parsed > .zero, parsed <= .seconds(3600) else {
                throw invalid("timeout \"\(text)\" is not a duration between 1ms and 1h (such as 30s or 2m)")
            }
            timeout = parsed
        }
        var server = MCPServerConfiguration(name: name, endpoint: .http(url: "", headers: [:], token: nil))
        server.timeout = timeout
        if let limit = value["max_output_bytes"] {
            guard let bytes = limit.intValue, bytes >= 1024 else { throw invalid("max_output_bytes must be ≥ 1024") }
            server.maxOutputBytes = bytes
        }
        if let limit = value["inline_text_limit"] {
            guard let chars = limit.intValue, chars >= 0 else { throw invalid("inline_text_limit must be ≥ 0") }
            server.inlineTextLimit = chars
        }
        switch (value["url"]?.stringValue, value["command"]?.stringValue) {
        case (let url?, nil):
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw invalid("url \"\(url)\" must start with http:// or https://")
            }
            var token = value["token"]?.stringValue
            if let token { secrets.register(token) }
            if let variable = value["token_env"]?.stringValue {
                token = try secretFromVariable(variable, for: "token_env")
            }
            let headers = try strings("headers")
            for (header, text) in headers where header.lowercased() == "authorization" { secrets.register(text) }
            server.endpoint = .http(url: url, headers: headers, token: token)
        case (nil, let command?):
            guard !command.isEmpty else { throw invalid("command is empty") }
            let arguments =
                try value["args"].map { (args: JSONValue) throws(ConfigurationError) -> [String] in
                    guard let list = args.arrayValue?.compactMap(\.stringValue), list.count == args.arrayValue?.count
                    else { throw invalid("args must be a list of strings") }
                    return list
                } ?? []
            var secretEnvironment: [String: String] = [:]
            for (child, variable) in try strings("env_secrets") {
                secretEnvironment[child] = try secretFromVariable(variable, for: "env_secrets.\(child)")
            }
            let inherited = value["inherit_env"]?.arrayValue?.compactMap(\.stringValue) ?? ["PATH", "HOME", "LANG"]
            var request = ProcessRequest(
                command.hasPrefix("/") ? .path(command) : .name(command),
                arguments: arguments,
                environment: try strings("env"),
                secretEnvironment: secretEnvironment,
                inheritedVariables: inherited
            )
            if let directory = value["cwd"]?.stringValue { request.workingDirectory = .existing(directory) }
            server.endpoint = .stdio(request)
        case (.some, .some):
            throw invalid("has both url and command; a server is either Streamable HTTP (url) or stdio (command)")
        case (nil, nil):
            throw invalid("has neither url (Streamable HTTP) nor command (stdio)")
        }
        return server
    }

    /// `500ms`, `30s`, `2m` or plain seconds (`30`, `1.5`).
    static func duration(_ text: String) -> Duration? {
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)) else { continue }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        return Double(text).map { .milliseconds(Int64(($0 * 1000).rounded())) }
    }
}
