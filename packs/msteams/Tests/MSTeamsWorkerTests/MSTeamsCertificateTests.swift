import EmulatorKit
import Foundation
import MSTeamsEmulator
import MSTeamsWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Entra ID certificate credentials: the worker signs a client assertion with the certificate's key, the emulator
/// verifies it against the certificate registered for the app, and Graph calls go through with one cached token;
/// refused assertions carry Entra ID's reason; the configuration says which of secret and certificate is missing or
/// that both are set; the key shows nowhere.
@Suite("Microsoft Teams worker with a certificate credential")
struct MSTeamsCertificateTests {
    typealias TeamsEmulator = Emulator<SeededState<MSTeamsWorld>>

    static let certificate = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-msteams") })
    static let unregistered = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-rogue") })

    /// The emulator's worker settings with the certificate (and its key, in one PEM) instead of the secret.
    static func environment(_ emulator: TeamsEmulator, pem: String) -> [String: String] {
        var environment = emulator.workerSettings
        environment["CORDUM_MSTEAMS_CLIENT_SECRET"] = nil
        environment["CORDUM_MSTEAMS_ASSERTION_CERTIFICATE_PEM"] = pem
        return environment
    }

    /// A worker with `pem` as its certificate credential, against an emulator where `registered` is the app's
    /// certificate.
    func withWorker(
        pem: String,
        registered: String,
        now: @escaping @Sendable () -> Date = { Date() },
        _ body: (TeamsEmulator, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try MSTeamsEmulator.definition(now: now),
            environment: ["CORDUM_MSTEAMS_ASSERTION_CERTIFICATE_PEM": pem],
            removing: ["CORDUM_MSTEAMS_CLIENT_SECRET"],
            prepare: { emulator in emulator.state.withLock { $0.certificates[MSTeamsDemo.clientID] = [registered] } },
            worker: { environment, secrets, clock in
                MSTeamsWorker.make(
                    configuration: try MSTeamsConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    /// A line from the middle of a PEM key: what would show if the key leaked.
    static func keyLine(_ pem: String) -> String { String(pem.split(separator: "\n")[2]) }

    @Test("a certificate gets a token by a verified client assertion, and the second job reuses it")
    func certificateGetsAToken() async throws {
        let certificate = try Self.certificate.get()
        try await withWorker(pem: certificate.combinedPEM, registered: certificate.certificatePEM) {
            emulator,
            worker,
            secrets in
            let first = await runJob(worker, topic: "job.msteams.teams.list", [:], secrets: secrets)
            let output = try #require(first.output, "\(String(describing: first.error))")
            #expect(output["items"]?.arrayValue?.isEmpty == false)
            let second = await runJob(worker, topic: "job.msteams.teams.list", ["top": 1], secrets: secrets)
            #expect(second.output != nil, "\(String(describing: second.error))")
            #expect(emulator.state.withLock { $0.tokensIssued } == 1)
            #expect(emulator.state.withLock { $0.assertionIDs.count } == 1)
            let token = try #require(
                emulator.requestLog.entries.first { $0.method == "POST" && $0.path.hasSuffix("/token") }
            )
            #expect(
                token.body.contains(
                    "client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
                )
            )
            #expect(token.body.contains("client_assertion=") && !token.body.contains("client_secret"))
            for text in [JSONEncoding.compact(output), JSONEncoding.compact(try #require(second.output))] {
                #expect(!text.contains(Self.keyLine(certificate.keyPEM)))
            }
        }
    }

    @Test("an unregistered certificate and an expired assertion are refused with Entra ID's reason")
    func refusedAssertions() async throws {
        let certificate = try Self.certificate.get()
        let rogue = try Self.unregistered.get()
        try await withWorker(pem: rogue.combinedPEM, registered: certificate.certificatePEM) {
            emulator,
            worker,
            secrets in
            let outcome = await runJob(worker, topic: "job.msteams.teams.list", [:], secrets: secrets)
            let error = try #require(outcome.error)
            #expect(error.code == .unauthorized)
            #expect(error.message.contains("AADSTS700027"))
            #expect(!error.message.contains(Self.keyLine(rogue.keyPEM)))
            #expect(emulator.state.withLock { $0.tokensIssued } == 0)
        }
        // The emulator's clock 20 minutes ahead: the assertion's ten minutes are over when it arrives.
        try await withWorker(
            pem: certificate.combinedPEM,
            registered: certificate.certificatePEM,
            now: { Date().addingTimeInterval(1200) }
        ) { _, worker, secrets in
            let outcome = await runJob(worker, topic: "job.msteams.teams.list", [:], secrets: secrets)
            let error = try #require(outcome.error)
            #expect(error.code == .unauthorized)
            #expect(error.message.contains("AADSTS700024"))
            #expect(!error.message.contains(Self.keyLine(certificate.keyPEM)))
        }
    }

    @Test("the configuration says which of secret and certificate is missing, or that both are set")
    func configuration() async throws {
        let certificate = try Self.certificate.get()
        let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
        defer { Task { await emulator.stop() } }
        var both = Self.environment(emulator, pem: certificate.combinedPEM)
        both["CORDUM_MSTEAMS_CLIENT_SECRET"] = MSTeamsDemo.clientSecret
        let bothError = #expect(throws: ConfigurationError.self) { _ = try MSTeamsConfiguration(environment: both) }
        #expect(bothError?.message.contains("both client_secret and a certificate") == true)

        var neither = emulator.workerSettings
        neither["CORDUM_MSTEAMS_CLIENT_SECRET"] = nil
        let neitherError = #expect(throws: ConfigurationError.self) {
            _ = try MSTeamsConfiguration(environment: neither)
        }
        #expect(neitherError?.message.contains("neither client_secret nor a certificate") == true)

        // A key that is not the certificate's is refused when the transport is made, naming the field, not the key.
        let other = try Self.unregistered.get()
        var mismatch = Self.environment(emulator, pem: certificate.certificatePEM)
        mismatch["CORDUM_MSTEAMS_ASSERTION_KEY_PEM"] = other.keyPEM
        let configuration = try MSTeamsConfiguration(environment: mismatch)
        let mismatchError = #expect(throws: ConfigurationError.self) {
            _ = try MSTeamsWorker.makeTransport(configuration: configuration)
        }
        #expect(mismatchError?.message.contains("assertion_key_pem") == true)
        #expect(mismatchError?.message.contains(Self.keyLine(other.keyPEM)) == false)

        // The token URL and Graph scope come from the tenant and cloud, as for a secret.
        var cloud = Self.environment(emulator, pem: certificate.combinedPEM)
        cloud["CORDUM_MSTEAMS_TOKEN_URL"] = nil
        cloud["CORDUM_MSTEAMS_BASE_URL"] = nil
        let profile = try #require(try MSTeamsConfiguration(environment: cloud).settings.profiles["default"])
        #expect(
            profile.string("token_url") == "https://login.microsoftonline.com/\(MSTeamsDemo.tenantID)/oauth2/v2.0/token"
        )
        #expect(profile.string("scope") == "https://graph.microsoft.com/.default")
        #expect(try profile.credentialKind() == .oauthClientCertificate)
    }
}
