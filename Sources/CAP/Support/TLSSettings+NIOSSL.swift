import NIOCore
import NIOSSL

extension TLSSettings {
    /// Why the settings cannot be turned into a TLS context: one sentence naming the file.
    struct Problem: Error {
        let message: String
    }

    /// The client TLS context the settings describe.
    /// - Throws: ``Problem`` naming the unreadable file or the certificate without a key.
    func makeContext() throws(Problem) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile {
            do {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile))
            } catch {
                throw Problem(message: "the CA file \(caFile) is not a readable PEM certificate bundle")
            }
        }
        switch (certificateFile, keyFile) {
        case (let certificateFile?, let keyFile?):
            do {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificateFile).map {
                    .certificate($0)
                }
            } catch {
                throw Problem(message: "the client certificate file \(certificateFile) is not a readable PEM file")
            }
            do {
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            } catch {
                throw Problem(message: "the client key file \(keyFile) is not a readable PEM private key")
            }
        case (nil, nil):
            break
        default:
            throw Problem(message: "a client certificate and its key must be given together")
        }
        if insecureSkipVerify { configuration.certificateVerification = .none }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw Problem(message: "the TLS settings are not usable: \(error)")
        }
    }

    /// The name to verify and send as SNI for `host`: ``serverName``, else the host unless it is an IP address
    /// (then the certificate must name the address itself).
    func verifiedName(forHost host: String) -> String? {
        if let serverName, !serverName.isEmpty { return serverName }
        let isAddress = (try? SocketAddress(ipAddress: host, port: 0)) != nil
        return isAddress ? nil : host
    }

    /// Adds a TLS client handler in front of `channel`'s pipeline (from any thread).
    static func addHandler(
        to channel: any Channel,
        context: NIOSSLContext,
        serverName: String?
    ) async throws {
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: serverName)
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }
}
