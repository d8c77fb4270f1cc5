public import Foundation
public import StructuredData

/// A kubeconfig file as kubectl reads it, reduced to what a worker profile needs: one context's server, its TLS
/// trust (`certificate-authority-data` or `certificate-authority`), and its user's credential (`token` or
/// `tokenFile`, `client-certificate(-data)` with `client-key(-data)`, or `username`/`password`).
///
/// Written here (on Yams through ``YAMLLoader``) because no Swift package on the machine reads kubeconfig files.
/// Refused with an error naming the field: `exec` and `auth-provider` users (a worker does not run credential
/// plugins: give the profile a token or a client certificate instead), `insecure-skip-tls-verify: true` (the
/// cluster's CA must verify it), and contexts, clusters or users that are not in the file.
public struct Kubeconfig: Sendable {
    /// The resolved context.
    public struct Resolved: Sendable, Hashable {
        /// The context's name.
        public var context: String
        /// The API server URL (`server`).
        public var server: String
        /// The context's namespace, if it names one.
        public var namespace: String?
        /// CA certificates, PEM.
        public var caPEM: String?
        /// A bearer token.
        public var token: String?
        /// The client certificate chain, PEM.
        public var clientCertificatePEM: String?
        /// Its private key, PEM.
        public var clientKeyPEM: String?
        /// Basic auth user name.
        public var username: String?
        /// Basic auth password.
        public var password: String?
        /// `tls-server-name`, when the certificate names another host than the URL.
        public var tlsServerName: String?
    }

    /// The parsed document.
    public var document: JSONValue
    /// The directory relative file names are resolved against (the file's own, as kubectl does).
    public var directory: String

    /// Parses kubeconfig text.
    /// - Parameters:
    ///   - text: The YAML.
    ///   - directory: The file's directory.
    /// - Throws: ``KubeconfigError`` when it is not YAML or not a kubeconfig.
    public init(text: String, directory: String) throws(KubeconfigError) {
        do {
            document = try YAMLLoader.load(text, file: "kubeconfig")
        } catch {
            throw KubeconfigError(field: "kubeconfig", problem: "is not YAML (\(error))")
        }
        guard document.objectValue != nil else {
            throw KubeconfigError(
                field: "kubeconfig",
                problem: "is not a kubeconfig (expected a mapping with clusters, users and contexts)"
            )
        }
        self.directory = directory
    }

    /// Reads and parses a kubeconfig file.
    /// - Parameter path: The file.
    /// - Throws: ``KubeconfigError`` when it cannot be read or parsed.
    public init(file path: String) throws(KubeconfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KubeconfigError(field: "kubeconfig", problem: "\"\(path)\" cannot be read")
        }
        try self.init(text: text, directory: (path as NSString).deletingLastPathComponent)
    }

    /// The names of the contexts in the file.
    public var contextNames: [String] { Self.named(document["contexts"]).map(\.name) }

    /// Resolves a context (default `current-context`) into server, trust and credential.
    /// - Parameters:
    ///   - context: The context name; `nil` for the file's `current-context`.
    ///   - readFile: Reads the files the kubeconfig names (CA, certificate, key, token file).
    /// - Throws: ``KubeconfigError`` naming the field at fault.
    public func resolve(
        context name: String?,
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(KubeconfigError) -> Resolved {
        guard let contextName = name ?? document["current-context"]?.stringValue, !contextName.isEmpty else {
            throw KubeconfigError(
                field: "current-context",
                problem: "is not set; name the profile's context (valid: \(contextNames.joined(separator: ", ")))"
            )
        }
        guard let context = Self.named(document["contexts"]).first(where: { $0.name == contextName })?.value["context"]
        else {
            throw KubeconfigError(
                field: "contexts",
                problem: "has no context \"\(contextName)\" (valid: \(contextNames.joined(separator: ", ")))"
            )
        }
        let clusterName = context["cluster"]?.stringValue ?? ""
        guard let cluster = Self.named(document["clusters"]).first(where: { $0.name == clusterName })?.value["cluster"]
        else {
            throw KubeconfigError(
                field: "contexts[\(contextName)].cluster",
                problem: "names the cluster \"\(clusterName)\", which is not in clusters"
            )
        }
        guard let server = cluster["server"]?.stringValue, server.hasPrefix("https://") || server.hasPrefix("http://")
        else {
            throw KubeconfigError(field: "clusters[\(clusterName)].server", problem: "is not an http(s) URL")
        }
        if cluster["insecure-skip-tls-verify"]?.boolValue == true {
            throw KubeconfigError(
                field: "clusters[\(clusterName)].insecure-skip-tls-verify",
                problem:
                    "is true; the worker verifies the API server against the cluster's CA, so give certificate-authority-data instead"
            )
        }
        var resolved = Resolved(context: contextName, server: server)
        resolved.namespace = context["namespace"]?.stringValue
        resolved.tlsServerName = cluster["tls-server-name"]?.stringValue
        resolved.caPEM = try material(
            cluster,
            data: "certificate-authority-data",
            file: "certificate-authority",
            owner: "clusters[\(clusterName)]",
            readFile: readFile
        )
        let userName = context["user"]?.stringValue ?? ""
        guard !userName.isEmpty else { return resolved }
        guard let user = Self.named(document["users"]).first(where: { $0.name == userName })?.value["user"] else {
            throw KubeconfigError(
                field: "contexts[\(contextName)].user",
                problem: "names the user \"\(userName)\", which is not in users"
            )
        }
        let owner = "users[\(userName)]"
        if user["exec"] != nil && user["exec"] != .null {
            let command = user["exec"]?["command"]?.stringValue ?? "a plugin"
            throw KubeconfigError(
                field: "\(owner).exec",
                problem:
                    "runs the credential plugin \"\(command)\"; the worker does not run exec plugins — give the profile a service-account token (token_env) or a client certificate instead"
            )
        }
        if user["auth-provider"] != nil && user["auth-provider"] != .null {
            throw KubeconfigError(
                field: "\(owner).auth-provider",
                problem:
                    "uses an auth provider plugin, which the worker does not run; give the profile a service-account token (token_env) or a client certificate instead"
            )
        }
        if let token = user["token"]?.stringValue, !token.isEmpty {
            resolved.token = token
        } else if let file = user["tokenFile"]?.stringValue, !file.isEmpty {
            resolved.token = try read(file, field: "\(owner).tokenFile", readFile: readFile)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        resolved.clientCertificatePEM = try material(
            user,
            data: "client-certificate-data",
            file: "client-certificate",
            owner: owner,
            readFile: readFile
        )
        resolved.clientKeyPEM = try material(
            user,
            data: "client-key-data",
            file: "client-key",
            owner: owner,
            readFile: readFile
        )
        resolved.username = user["username"]?.stringValue
        resolved.password = user["password"]?.stringValue
        return resolved
    }

    /// `<data>` (base64 PEM) or the file `<file>` names.
    private func material(
        _ object: JSONValue,
        data: String,
        file: String,
        owner: String,
        readFile: (String) throws -> String
    ) throws(KubeconfigError) -> String? {
        if let encoded = object[data]?.stringValue, !encoded.isEmpty {
            guard let bytes = Data(base64Encoded: encoded.filter { !$0.isWhitespace }),
                let text = String(data: bytes, encoding: .utf8)
            else {
                throw KubeconfigError(field: "\(owner).\(data)", problem: "is not base64-encoded PEM")
            }
            return text
        }
        if let path = object[file]?.stringValue, !path.isEmpty {
            return try read(path, field: "\(owner).\(file)", readFile: readFile)
        }
        return nil
    }

    private func read(_ path: String, field: String, readFile: (String) throws -> String) throws(KubeconfigError)
        -> String
    {
        let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        do {
            return try readFile(full)
        } catch {
            throw KubeconfigError(field: field, problem: "names \"\(full)\", which cannot be read")
        }
    }

    private static func named(_ list: JSONValue?) -> [(name: String, value: JSONValue)] {
        (list?.arrayValue ?? []).compactMap { item in item["name"]?.stringValue.map { ($0, item) } }
    }
}

/// A kubeconfig that cannot be used: the field (`users[ci].exec`) and what is wrong; never a credential.
public struct KubeconfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field at fault.
    public var field: String
    /// What is wrong, and what would be valid.
    public var problem: String

    /// `<field> <problem>`.
    public var description: String { "\(field) \(problem)" }
}
