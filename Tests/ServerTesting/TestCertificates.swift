public import Foundation

/// A throwaway PKI for TLS tests, made with the `openssl` CLI in a temporary folder: a CA, a server certificate
/// for the names `localhost` and `nats.test` (no IP address, so that the name is what is verified), a client certificate, and a second, untrusted CA with its own
/// client certificate (what an attacker can make).
public struct TestCertificates: Sendable {
    public let directory: URL
    public var caFile: String { path("ca.pem") }
    public var serverCertificate: String { path("server.pem") }
    public var serverKey: String { path("server-key.pem") }
    public var clientCertificate: String { path("client.pem") }
    public var clientKey: String { path("client-key.pem") }
    /// A CA the servers do not trust.
    public var rogueCAFile: String { path("rogue-ca.pem") }
    public var rogueClientCertificate: String { path("rogue-client.pem") }
    public var rogueClientKey: String { path("rogue-client-key.pem") }

    public enum Failure: Error, CustomStringConvertible {
        case openssl(String)
        public var description: String {
            switch self {
            case .openssl(let step): "openssl failed to make the test certificates (\(step)); is it installed?"
            }
        }
    }

    /// Makes every certificate (P-256 keys, valid for a day).
    public static func make() throws -> TestCertificates {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pki-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificates = TestCertificates(directory: directory)
        try certificates.makeCA("ca")
        try certificates.makeCA("rogue-ca")
        try certificates.issue(
            "server",
            by: "ca",
            names: "subjectAltName=DNS:localhost,DNS:nats.test",
            usage: "serverAuth"
        )
        try certificates.issue("client", by: "ca", names: "subjectAltName=DNS:worker", usage: "clientAuth")
        try certificates.issue("rogue-client", by: "rogue-ca", names: "subjectAltName=DNS:worker", usage: "clientAuth")
        return certificates
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    private func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    private func makeCA(_ name: String) throws {
        try openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-keyout", path("\(name)-key.pem"), "-out", path("\(name).pem"), "-subj", "/CN=\(name)",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
    }

    private func issue(_ name: String, by ca: String, names: String, usage: String) throws {
        try openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("\(name)-key.pem"),
            "-out", path("\(name).csr"), "-subj", "/CN=\(name)",
        ])
        let extensions = path("\(name).ext")
        try "\(names)\nextendedKeyUsage=\(usage)\nbasicConstraints=CA:FALSE\n".write(
            toFile: extensions,
            atomically: true,
            encoding: .utf8
        )
        try openssl([
            "x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca)-key.pem"),
            "-CAcreateserial", "-days", "1", "-out", path("\(name).pem"), "-extfile", extensions,
        ])
    }

    private func openssl(_ arguments: [String]) throws {
        guard try SpawnedProcess.run(try ServerProcess.locate("openssl"), arguments: arguments) == 0 else {
            throw Failure.openssl(arguments.prefix(2).joined(separator: " "))
        }
    }
}
