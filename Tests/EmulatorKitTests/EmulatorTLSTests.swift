import AsyncHTTPClient
import EmulatorKit
import NIOCore
import NIOHTTP1
import NIOSSL
import StructuredData
import Testing

/// `EmulatorServer.Configuration.tls`: the emulator over HTTPS, for reference clients that send credentials only
/// over TLS (kubectl).
@Suite("Emulator over HTTPS")
struct EmulatorTLSTests {
    /// A self-signed P-256 certificate for 127.0.0.1 and localhost, made with openssl for this test only.
    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBpDCCAUmgAwIBAgIUCmyaiyQv4xSX11ZnIjNzrnE0TKgwCgYIKoZIzj0EAwIw
        GDEWMBQGA1UEAwwNZW11bGF0b3ItdGVzdDAgFw0yNjEyMDcxNzE2MjVaGA8yMTI2
        MTExMzE3MTYyNVowGDEWMBQGA1UEAwwNZW11bGF0b3ItdGVzdDBZMBMGByqGSM49
        AgEGCCqGSM49AwEHA0IABEprb/qoX6z3sJZUZzqR7LK9SmWW0lgL9wJ/Av6GuYjV
        KFjPLiJufbB6DZsjUXJJL6oKD82frZVqbcAaYO1orFGjbzBtMB0GA1UdDgQWBBRw
        iZXSK3V2b3/I+21VrKW5WuZDGjAfBgNVHSMEGDAWgBRwiZXSK3V2b3/I+21VrKW5
        WuZDGjAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwDwYDVR0TAQH/BAUwAwEB
        /zAKBggqhkjOPQQDAgNJADBGAiEA3PdTb4zSYqlyvmbfJiNs/43rk3RCjFrRXOgP
        zpegab0CIQD39AdYrKFbUoRuLo7BQUdBFdtWRahEDTBqk2EhqF4k0w==
        -----END CERTIFICATE-----
        """
    static let key = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg5QRTtR5TYQbUtE/+
        Q/vWZDzUUhSoXbmIuSzep/ZC3wihRANCAARKa2/6qF+s97CWVGc6keyyvUplltJY
        C/cCfwL+hrmI1ShYzy4ibn2weg2bI1FySS+qCg/Nn62Vam3AGmDtaKxR
        -----END PRIVATE KEY-----
        """

    @Test(
        "serves HTTPS with the given certificate; a client trusting it gets the answers, one trusting nothing else does not"
    )
    func https() async throws {
        let chain = try NIOSSLCertificate.fromPEMBytes(Array(Self.certificate.utf8))
        let tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(Self.key.utf8), format: .pem))
        )
        let server = try await EmulatorServer.start(EmulatorServer.Configuration(tls: tls)) { request in
            .json(["scheme": .string(request.baseURL.hasPrefix("https://") ? "https" : "http")])
        }
        var trusting = TLSConfiguration.makeClientConfiguration()
        trusting.trustRoots = .certificates(chain)
        let client = HTTPClient(configuration: HTTPClient.Configuration(tlsConfiguration: trusting))
        do {
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            let response = try await client.execute(
                HTTPClientRequest(url: server.baseURL + "/x"),
                timeout: .seconds(30)
            )
            #expect(response.status.code == 200)
            let body = try await response.body.collect(upTo: 1 << 16)
            #expect(String(buffer: body) == #"{"scheme":"https"}"#)
            await #expect(throws: (any Error).self) {
                _ = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: server.baseURL + "/x"),
                    timeout: .seconds(30)
                )
            }
        } catch {
            try await client.shutdown()
            await server.stop()
            throw error
        }
        try await client.shutdown()
        await server.stop()
    }
}
