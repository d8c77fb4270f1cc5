import Foundation
import KubernetesTriageWorker
import StructuredData
import Testing
import WorkerKit

/// Kubeconfig and in-cluster configuration: what a profile takes from them, and the clear refusals.
@Suite("Kubernetes configuration")
struct KubeconfigTests {
    static let config = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev
          cluster: {server: "https://10.0.0.1:6443", certificate-authority-data: "\(Data("-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n".utf8).base64EncodedString())"}
        - name: loose
          cluster: {server: "https://10.0.0.2:6443", insecure-skip-tls-verify: true}
        users:
        - name: ci
          user: {token: "sa-token-abcdefghijklmnop"}
        - name: sso
          user:
            exec: {apiVersion: client.authentication.k8s.io/v1, command: aws-iam-authenticator}
        contexts:
        - name: dev
          context: {cluster: dev, user: ci, namespace: shop}
        - name: sso
          context: {cluster: dev, user: sso}
        - name: loose
          context: {cluster: loose, user: ci}
        """

    @Test("a context gives the server, the CA, the token and the namespace")
    func resolves() throws {
        let resolved = try Kubeconfig(text: Self.config, directory: "/tmp").resolve(context: nil)
        #expect(resolved.server == "https://10.0.0.1:6443")
        #expect(resolved.token == "sa-token-abcdefghijklmnop")
        #expect(resolved.caPEM?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(resolved.namespace == "shop")
    }

    @Test("exec plugins, skipped TLS verification and unknown contexts are refused naming the field")
    func refusals() throws {
        let config = try Kubeconfig(text: Self.config, directory: "/tmp")
        #expect(throws: KubeconfigError.self) { try config.resolve(context: "sso") }
        do {
            _ = try config.resolve(context: "sso")
        } catch {
            #expect(error.field == "users[sso].exec")
            #expect(error.problem.contains("aws-iam-authenticator"))
        }
        do {
            _ = try config.resolve(context: "loose")
        } catch {
            #expect(error.field == "clusters[loose].insecure-skip-tls-verify")
        }
        do {
            _ = try config.resolve(context: "prod")
        } catch {
            #expect(error.field == "contexts")
            #expect(error.problem.contains("dev, sso, loose"))
        }
    }

    @Test("a profile reads its kubeconfig file; the token becomes a secret")
    func profileFromFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)").path
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let secrets = SecretRegistry()
        let configuration = try KubernetesConfiguration(
            environment: ["CORDUM_KUBERNETES_TRIAGE_PROFILES": #"[{"name": "dev", "kubeconfig": "\#(path)"}]"#],
            secrets: secrets
        )
        let profile = try #require(configuration.settings.profiles["dev"])
        #expect(profile.baseURL == "https://10.0.0.1:6443")
        #expect(profile.token == "sa-token-abcdefghijklmnop")
        #expect(secrets.scrub("sa-token-abcdefghijklmnop") == SecretRegistry.mask)
    }

    @Test("a profile whose kubeconfig runs an exec plugin fails at start-up, naming the profile and the field")
    func execProfile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubeconfig-\(UUID().uuidString)").path
        try Self.config.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try KubernetesConfiguration(environment: [
                "CORDUM_KUBERNETES_TRIAGE_PROFILES": #"[{"name": "sso", "kubeconfig": "\#(path)", "context": "sso"}]"#
            ])
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.message.contains("profile \"sso\""))
            #expect(error.message.contains("exec"))
        }
    }

    @Test("in-cluster: the service variables, the token file and the CA file of the service-account folder")
    func inCluster() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "pod-token-0123456789abcdef\n".write(
            to: folder.appendingPathComponent("token"),
            atomically: true,
            encoding: .utf8
        )
        try "monitoring\n".write(to: folder.appendingPathComponent("namespace"), atomically: true, encoding: .utf8)
        let configuration = try KubernetesConfiguration(environment: [
            "CORDUM_KUBERNETES_TRIAGE_PROFILES":
                #"[{"name": "here", "in_cluster": true, "service_account_dir": "\#(folder.path)"}]"#,
            "KUBERNETES_SERVICE_HOST": "10.96.0.1", "KUBERNETES_SERVICE_PORT": "443",
        ])
        let profile = try #require(configuration.settings.profiles["here"])
        #expect(profile.baseURL == "https://10.96.0.1:443")
        #expect(profile.string("ca_file") == folder.path + "/ca.crt")
        #expect(profile.string("namespace") == "monitoring")
        #expect(configuration.serviceAccountTokens["here"] == folder.path + "/token")
        do {
            _ = try KubernetesConfiguration(environment: [
                "CORDUM_KUBERNETES_TRIAGE_PROFILES": #"[{"name": "here", "in_cluster": true}]"#
            ])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("KUBERNETES_SERVICE_HOST"))
        }
    }

    @Test("prod_namespaces marks production namespaces by glob")
    func production() {
        let profile = VendorProfile(name: "p", settings: ["prod_namespaces": "prod-*,payments"])
        #expect(KubernetesConfiguration.isProduction("prod-eu", profile: profile))
        #expect(KubernetesConfiguration.isProduction("payments", profile: profile))
        #expect(!KubernetesConfiguration.isProduction("shop", profile: profile))
    }
}
