import Foundation
public import Logging
import NIOHTTP1
public import StructuredData
public import WorkerKit

/// The pod's service-account token, read from its file for every request: the kubelet rotates projected tokens, so
/// a token read once at start-up would expire under a long-running worker (client-go re-reads it the same way).
struct ServiceAccountTokenProvider: TokenProvider {
    /// The token file.
    var path: String
    /// Every token read is registered here.
    var secrets: SecretRegistry
    var identity: CredentialIdentity { CredentialIdentity(kind: "service-account-file", parts: [path]) }
    var kind: String { "token" }

    func authorization(logger: Logger) async throws(WorkerError) -> String {
        let token: String
        do {
            token = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw WorkerError(
                code: .unauthorized,
                message:
                    "The service-account token file \(path) cannot be read; is the worker's pod mounting its token?"
            )
        }
        guard !token.isEmpty else {
            throw WorkerError(code: .unauthorized, message: "The service-account token file \(path) is empty.")
        }
        secrets.register(token)
        return "Bearer \(token)"
    }

    /// A 401 may mean the kubelet rotated the token since it was read: read it again once.
    func refused(_ authorization: String) async -> Bool { true }
}

/// How the action runtime reaches the Kubernetes API: WorkerKit's ``CredentialTransport`` (bearer tokens, client
/// certificates, basic auth, the cluster's CA per profile), with the pod's own service-account token file read
/// again for every request on in-cluster profiles.
public struct KubernetesTransport: CredentialTransportOverlay {
    /// The credential transport underneath.
    public var base: CredentialTransport
    /// In-cluster profiles' token files, by profile name.
    public var serviceAccountTokens: [String: String]

    /// A transport.
    /// - Parameters:
    ///   - configuration: The worker's configuration.
    ///   - http: The client.
    /// - Throws: ``ConfigurationError`` for a profile whose credential or TLS settings are unusable.
    public init(configuration: KubernetesConfiguration, http: VendorHTTPClient) throws(ConfigurationError) {
        base = try CredentialTransport(settings: configuration.settings, http: http)
        serviceAccountTokens = configuration.serviceAccountTokens
    }

    public var vendor: String { "Kubernetes" }
    /// The settings.
    public var settings: VendorSettings { base.settings }

    public func profile(for input: JSONValue) throws(WorkerError) -> CredentialProfile {
        var profile = try base.profile(for: input)
        if profile.baseURL.isEmpty {
            throw WorkerError(
                code: .unknownProfile,
                message:
                    "The profile \"\(profile.name)\" names no cluster; set kubeconfig, in_cluster or base_url in \(settings.variablePrefix)PROFILES."
            )
        }
        if input["auth"] == nil || input["auth"] == .null, let path = serviceAccountTokens[profile.name] {
            profile.credential = ServiceAccountTokenProvider(path: path, secrets: http.secrets)
        }
        return profile
    }

    /// A streamed GET (`watch=1`) with the profile's credential and TLS client.
    /// - Parameters:
    ///   - request: The request, without credentials.
    ///   - profile: The profile.
    ///   - limits: Byte and time limits.
    ///   - logger: The job's logger.
    public func stream(
        _ request: VendorRequest,
        profile: CredentialProfile,
        limits: StreamLimits,
        logger: Logger
    ) async throws(WorkerError) -> VendorLineStream {
        var outgoing = request
        if let credential = profile.credential {
            for header in try await credential.headers(logger: logger) {
                outgoing.headers.replaceOrAdd(name: header.name, value: header.value)
            }
        }
        return try await profile.http.streamLines(outgoing, limits: limits, logger: logger)
    }
}
