public import Foundation
import StructuredData
public import WorkerKit

/// The kubernetes-triage worker's configuration, read once from the environment (`CORDUM_KUBERNETES_TRIAGE_*`,
/// docs in packs/kubernetes-triage/README.md): WorkerKit's profiles, credential kinds, per-profile TLS and lists
/// (`NAMESPACES`), plus where each profile's cluster is:
///
/// - `kubeconfig` (a file) and `context` (default its `current-context`): the server, CA, token or client
///   certificate come from the file (``Kubeconfig``); fields the profile sets itself win;
/// - `in_cluster: true`: the pod's service account — `KUBERNETES_SERVICE_HOST`/`KUBERNETES_SERVICE_PORT`, the token
///   and `ca.crt` of `service_account_dir` (default `/var/run/secrets/kubernetes.io/serviceaccount`); the token file
///   is read again for every request, as the kubelet rotates it;
/// - or `base_url` with `token`/`client_cert_pem`… and `ca_pem`/`ca_file` directly.
///
/// `prod_namespaces` (globs) marks the namespaces whose writes go on the `prod.deployments.*` topics.
public struct KubernetesConfiguration: Sendable {
    /// The pack id.
    public static let packID = "kubernetes-triage"
    /// The default service-account directory of a pod.
    public static let serviceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount"
    /// The request timeout unless `CORDUM_KUBERNETES_TRIAGE_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_KUBERNETES_TRIAGE_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-kubernetes-triage/0.1.0"

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// Profiles whose token is the pod's service-account token file, by profile name: the file's path.
    public var serviceAccountTokens: [String: String]

    /// The profile fields the pack reads besides WorkerKit's credential and TLS fields.
    static let profileFields =
        CredentialKind.profileFields + [
            ProfileField("kubeconfig"), ProfileField("context"), ProfileField("in_cluster"),
            ProfileField("service_account_dir"), ProfileField("prod_namespaces"), ProfileField("namespace"),
        ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    ///   - readFile: Reads kubeconfig, token and certificate files.
    /// - Throws: ``ConfigurationError`` naming the variable, the profile and the field at fault.
    public init(
        environment: [String: String],
        secrets: SecretRegistry = SecretRegistry(),
        readFile: (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) }
    ) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["NAMESPACES"],
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        serviceAccountTokens = [:]
        let variable = settings.variablePrefix + "PROFILES"
        for name in settings.profileNames {
            guard var profile = settings.profiles[name] else { continue }
            do {
                if Self.flag(profile.settings["in_cluster"]) {
                    let directory = profile.string("service_account_dir") ?? Self.serviceAccountDirectory
                    try Self.applyInCluster(
                        &profile,
                        directory: directory,
                        environment: environment,
                        readFile: readFile
                    )
                    if profile.credentials["token"] == nil { serviceAccountTokens[name] = directory + "/token" }
                } else if let path = profile.string("kubeconfig") {
                    let config = try Kubeconfig(file: path)
                    let resolved = try config.resolve(context: profile.string("context"), readFile: readFile)
                    Self.apply(resolved, to: &profile)
                }
            } catch {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: variable,
                    message: secrets.scrub("\(variable) profile \"\(name)\": \(error)")
                )
            }
            for value in profile.credentials.values { secrets.register(value) }
            settings.profiles[name] = profile
        }
    }

    /// Whether a setting is `true` (a boolean, or `true`/`1`/`yes` text).
    static func flag(_ value: JSONValue?) -> Bool {
        if let flag = value?.boolValue { return flag }
        return ["true", "1", "yes"].contains(value?.stringValue?.lowercased() ?? "")
    }

    /// The kubeconfig context's values, where the profile does not set its own.
    static func apply(_ resolved: Kubeconfig.Resolved, to profile: inout VendorProfile) {
        if profile.baseURL == nil { profile.baseURL = resolved.server }
        let hasCredential = ["token", "password", "client_key_pem"].contains { profile.credentials[$0] != nil }
        if !hasCredential {
            if let token = resolved.token { profile.credentials["token"] = token }
            if let password = resolved.password, let username = resolved.username {
                profile.credentials["password"] = password
                profile.settings["username"] = .string(username)
            }
            if let key = resolved.clientKeyPEM, let certificate = resolved.clientCertificatePEM {
                profile.credentials["client_key_pem"] = key
                profile.settings["client_cert_pem"] = .string(certificate)
            }
        }
        if profile.settings["ca_pem"] == nil, profile.settings["ca_file"] == nil, let ca = resolved.caPEM {
            profile.settings["ca_pem"] = .string(ca)
        }
        if profile.settings["namespace"] == nil, let namespace = resolved.namespace {
            profile.settings["namespace"] = .string(namespace)
        }
    }

    /// The pod's service account: the API server from the service variables, its CA file, and (checked now) its
    /// token file.
    static func applyInCluster(
        _ profile: inout VendorProfile,
        directory: String,
        environment: [String: String],
        readFile: (String) throws -> String
    ) throws(KubeconfigError) {
        if profile.baseURL == nil {
            guard let host = environment["KUBERNETES_SERVICE_HOST"], !host.isEmpty else {
                throw KubeconfigError(
                    field: "in_cluster",
                    problem:
                        "is true but KUBERNETES_SERVICE_HOST is not set; the worker is not running in a pod (use kubeconfig or base_url instead)"
                )
            }
            let port = environment["KUBERNETES_SERVICE_PORT"] ?? "443"
            guard let number = Int(port), (1...65535).contains(number) else {
                throw KubeconfigError(field: "in_cluster", problem: "KUBERNETES_SERVICE_PORT \"\(port)\" is not a port")
            }
            let hostPart = host.contains(":") ? "[\(host)]" : host
            profile.baseURL = "https://\(hostPart):\(number)"
        }
        if profile.settings["ca_pem"] == nil, profile.settings["ca_file"] == nil {
            profile.settings["ca_file"] = .string(directory + "/ca.crt")
        }
        if profile.credentials["token"] == nil {
            do {
                _ = try readFile(directory + "/token")
            } catch {
                throw KubeconfigError(
                    field: "service_account_dir",
                    problem: "has no readable token file (\(directory)/token)"
                )
            }
        }
        if profile.settings["namespace"] == nil,
            let namespace = try? readFile(directory + "/namespace").trimmingCharacters(in: .whitespacesAndNewlines),
            !namespace.isEmpty
        {
            profile.settings["namespace"] = .string(namespace)
        }
    }

    /// Whether `namespace` is production for `profile` (its `prod_namespaces` globs).
    /// - Parameters:
    ///   - namespace: The namespace.
    ///   - profile: The profile.
    public static func isProduction(_ namespace: String, profile: VendorProfile) -> Bool {
        let patterns = VendorProfile(name: "", settings: ["allowed_prod": profile.settings["prod_namespaces"] ?? .null])
            .accessList("prod").allow
        return patterns.contains { $0.matches(namespace) }
    }
}
