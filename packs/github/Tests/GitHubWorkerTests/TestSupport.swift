import CryptoExtras
import Foundation
import GitHubWorker
import PackTesting
import StructuredData
import WorkerKit
import _CryptoExtras

/// Runs one job of `action` on `worker` the way a transport does (PackTesting's `runJob` on `job.github.<action>`).
func runJob(
    _ worker: Worker,
    _ action: String,
    _ input: JSONValue,
    secrets: SecretRegistry,
    labels: [String: String] = [:],
    capability: String = "",
    riskTags: [String] = [],
    artifacts: ArtifactWriter = .unavailable
) async -> JobOutcome {
    await runJob(
        worker,
        topic: "job.github.\(action)",
        input,
        secrets: secrets,
        labels: labels,
        capability: capability,
        riskTags: riskTags,
        artifacts: artifacts
    )
}

/// A configuration from environment variables (`CORDUM_GITHUB_…`).
func makeConfiguration(_ environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws
    -> GitHubConfiguration
{
    try GitHubConfiguration(environment: environment, secrets: secrets)
}

extension ManualDateClock {
    /// The worker's wall clock, on this clock.
    var githubClock: GitHubClock { GitHubClock(now: { self.now }) }
}

/// One RSA key for the whole test run (generating keys is slow).
enum TestKeys {
    static let app: _RSA.Signing.PrivateKey = {
        do {
            return try _RSA.Signing.PrivateKey(keySize: .bits2048)
        } catch {
            fatalError("cannot generate an RSA key: \(error)")
        }
    }()

    /// A second App's key.
    static let other: _RSA.Signing.PrivateKey = {
        do {
            return try _RSA.Signing.PrivateKey(keySize: .bits2048)
        } catch {
            fatalError("cannot generate an RSA key: \(error)")
        }
    }()
}

/// Decodes a base64url segment.
func base64URLDecode(_ text: String) -> Data? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64)
}

/// Whether any string anywhere in `value` (or its keys) contains `needle`.
func contains(_ value: JSONValue, _ needle: String) -> Bool {
    JSONEncoding.compact(value).contains(needle)
}

/// A second App key's public PEM, for wrong-key tests.
enum _RSAKeyFactory {
    static func make() throws -> String {
        try _RSA.Signing.PrivateKey(keySize: .bits2048).publicKey.pemRepresentation
    }
}
