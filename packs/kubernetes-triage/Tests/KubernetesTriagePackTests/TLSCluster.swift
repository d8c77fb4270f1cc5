import EmulatorKit
import Foundation
import KubernetesTriageEmulator
import NIOSSL
import ServerTesting

/// The emulator served over HTTPS with a throwaway CA (openssl, ServerTesting's `TestCertificates`), and a
/// kubeconfig for it whose cluster carries that CA as `certificate-authority-data`, as a real cluster's does.
struct TLSCluster {
    let emulator: Emulator<SeededState<KubernetesWorld>>
    let certificates: TestCertificates
    let folder: URL

    /// The API server URL: the emulator's, by the name its certificate carries (`localhost`; the test CA's server
    /// certificate names no IP address).
    var server: String { emulator.baseURL.replacingOccurrences(of: "127.0.0.1", with: "localhost") }

    /// The kubeconfig file.
    var kubeconfig: String { folder.appendingPathComponent("kubeconfig").path }

    static func withCluster(_ body: (TLSCluster) async throws -> Void) async throws {
        let certificates = try TestCertificates.make()
        let folder = certificates.directory.appendingPathComponent("kube")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(certificates.serverCertificate).map {
                .certificate($0)
            },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: certificates.serverKey, format: .pem))
        )
        let emulator = try await Emulator.start(try KubernetesTriageEmulator.definition(), port: 0, tls: tls)
        let ca = try Data(contentsOf: URL(fileURLWithPath: certificates.caFile)).base64EncodedString()
        let cluster = TLSCluster(emulator: emulator, certificates: certificates, folder: folder)
        let text = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster: {server: "\(cluster.server)", certificate-authority-data: "\(ca)"}
            users:
            - name: demo
              user: {token: "\(KubernetesDemo.token)"}
            contexts:
            - name: emulator
              context: {cluster: emulator, user: demo, namespace: shop}
            current-context: emulator
            """
        try text.write(toFile: cluster.kubeconfig, atomically: true, encoding: .utf8)
        do {
            try await body(cluster)
        } catch {
            await emulator.stop()
            certificates.remove()
            throw error
        }
        await emulator.stop()
        certificates.remove()
    }
}
