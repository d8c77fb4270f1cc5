import CryptoExtras
import Foundation
import GitHubWorker
import StructuredData
import Synchronization
import WorkerKit
import _CryptoExtras

/// Runs one job of `action` on `worker` the way a transport does.
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
    let context = JobContext(
        jobID: "job-\(action)",
        topic: "job.github.\(action)",
        labels: labels,
        capability: capability,
        riskTags: riskTags,
        isDryRun: labels["dry_run"] == "true",
        packID: "github",
        secrets: secrets,
        artifacts: artifacts
    )
    return await worker.execute(context, input: input)
}

extension JobOutcome {
    /// The output of a successful job, else nil.
    var output: JSONValue? {
        if case .succeeded(let output) = self { return output }
        return nil
    }

    /// The error code of a failed job, else nil.
    var code: String? { error?.code.rawValue }
}

/// A configuration from environment variables (`CORDUM_GITHUB_…`).
func makeConfiguration(_ environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws
    -> GitHubConfiguration
{
    try GitHubConfiguration(environment: environment, secrets: secrets)
}

/// A wall clock tests move by hand.
final class ManualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    var now: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    var githubClock: GitHubClock { GitHubClock(now: { self.now }) }

    /// A retry clock that never sleeps: it records each wait and moves the wall clock by it.
    func retryClock(recording sleeps: Sleeps) -> RetryClock {
        let origin = ContinuousClock.now
        return RetryClock(
            now: { origin.duration(to: .now) + .seconds(self.now.timeIntervalSince1970 - 1_800_000_000) },
            sleep: { duration in
                sleeps.record(duration)
                self.advance(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            },
            date: { self.now }
        )
    }
}

/// The waits a retry clock was asked for.
final class Sleeps: Sendable {
    private let values = Mutex<[Duration]>([])

    func record(_ duration: Duration) { values.withLock { $0.append(duration) } }

    var all: [Duration] { values.withLock { $0 } }
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

/// An artifact store that keeps what it is given.
final class MemoryArtifacts: Sendable {
    private let stored = Mutex<[String: [UInt8]]>([:])

    func writer(_ secrets: SecretRegistry) -> ArtifactWriter {
        ArtifactWriter(secrets: secrets) { content, _, _, _ in
            self.stored.withLock { stored in
                let pointer = "mem://art:\(stored.count + 1)"
                stored[pointer] = content
                return pointer
            }
        }
    }

    func content(_ pointer: String) -> [UInt8]? { stored.withLock { $0[pointer] } }
}
