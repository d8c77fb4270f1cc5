import Foundation
import Logging
import NIOHTTP1
import StructuredData
import WorkerKit

/// A ``CredentialTransport`` over profiles given as JSON, with a retry clock that never sleeps.
struct CredentialTransportRig {
    let settings: VendorSettings
    let transport: CredentialTransport
    let logs = LogCapture()

    /// - Parameters:
    ///   - profiles: The `CORDUM_ACME_PROFILES` JSON.
    ///   - environment: Further variables (`…_env` targets).
    ///   - defaults: The pack's credential defaults.
    ///   - tokens: The token cache.
    ///   - tlsClients: The TLS client cache.
    ///   - now: The wall clock.
    init(
        profiles: String,
        environment: [String: String] = [:],
        defaults: CredentialDefaults = CredentialDefaults(),
        tokens: ExchangedTokenCache = ExchangedTokenCache(),
        tlsClients: TLSClientCache = .shared,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        var environment = environment
        environment["CORDUM_ACME_PROFILES"] = profiles
        settings = try VendorSettings(packID: "acme", environment: environment)
        let http = VendorHTTPClient(
            vendor: "Acme",
            secrets: settings.secrets,
            retry: RetryPolicy(maxAttempts: 1),
            clock: RecordingClock().clock
        )
        transport = try CredentialTransport(
            settings: settings,
            http: http,
            credentials: defaults,
            tokens: tokens,
            tlsClients: tlsClients,
            now: now
        )
    }

    var logger: Logger { logs.logger() }

    /// `GET <base>/items` with the profile `name`.
    func get(_ name: String, path: String = "/items") async throws(WorkerError) -> ActionAnswer {
        let profile = try transport.profile(for: ["profile": .string(name)])
        return try await transport.send(
            VendorRequest(url: profile.baseURL + path),
            profile: profile,
            action: "items.list",
            logger: logger
        )
    }

    /// The error of `get`, or `nil` when it succeeded.
    func failure(_ name: String, path: String = "/items") async -> WorkerError? {
        do {
            _ = try await get(name, path: path)
            return nil
        } catch {
            return error
        }
    }
}
