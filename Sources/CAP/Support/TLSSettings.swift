/// TLS for a client connection to NATS or Redis, as Cordum's `NATS_TLS_*` and `REDIS_TLS_*` variables describe it:
/// the CA bundle that signs the server's certificate, the client certificate and key the server may demand, whether
/// to skip verification (development only), and the name the server's certificate must carry.
public struct TLSSettings: Sendable, Hashable {
    /// A PEM file of the CAs trusted for the server's certificate; the system's trust store when nil.
    public var caFile: String?
    /// A PEM file with the client certificate (and its chain), for servers that verify clients.
    public var certificateFile: String?
    /// The PEM private key of ``certificateFile``.
    public var keyFile: String?
    /// Accept any server certificate. Never in production: anyone on the path can read and forge the traffic.
    public var insecureSkipVerify: Bool
    /// The name the server's certificate must carry (and the SNI sent); the URL's host when nil.
    public var serverName: String?

    /// TLS settings; the defaults verify the server against the system's trust store, by the URL's host.
    /// - Parameters:
    ///   - caFile: The CA bundle (PEM) trusted for the server.
    ///   - certificateFile: The client certificate (PEM).
    ///   - keyFile: The client key (PEM).
    ///   - insecureSkipVerify: Skip verifying the server (development only).
    ///   - serverName: The name to verify instead of the host.
    public init(
        caFile: String? = nil,
        certificateFile: String? = nil,
        keyFile: String? = nil,
        insecureSkipVerify: Bool = false,
        serverName: String? = nil
    ) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.insecureSkipVerify = insecureSkipVerify
        self.serverName = serverName
    }
}
