import ArgumentParser
import Foundation
import PackHost

/// `--host URL`, `--api-key KEY`, `--tenant ID`: where the host commands act. Without `--host` they act on the
/// embedded store in `--data DIR`; with it, on a running host through its HTTP API.
struct HostTargetOptions: ParsableArguments {
    @Option(name: .long, help: "A running host's URL (http://HOST:PORT); without it, the embedded store is used.")
    var host: String?

    @Option(name: .long, help: "The API key for --host (default: the CORDUM_API_KEY environment variable).")
    var apiKey: String?

    @Option(name: .long, help: "The tenant to act for.")
    var tenant = "default"

    /// The client for `--host`, or nil for the embedded store.
    func client() throws(HostError) -> HostClient? {
        guard let host else { return nil }
        let key = apiKey ?? ProcessInfo.processInfo.environment["CORDUM_API_KEY"] ?? ""
        return try HostClient(baseURL: host, apiKey: key, tenant: tenant)
    }
}

/// A connection to the host a command acts on: the embedded store (with its workers running when asked) or a
/// running host. Close it before the command ends.
struct HostSession {
    /// What the command calls.
    let control: any HostControl
    /// The embedded host, when there is no `--host`.
    let embedded: EmbeddedHost?
    /// The client, with `--host`.
    let client: HostClient?

    /// Opens the session.
    /// - Parameter running: for the embedded store, also start the built-in workers and the timer loop so runs
    ///   move forward while the command waits.
    static func open(data: HostDataOptions, target: HostTargetOptions, running: Bool) async throws(HostError)
        -> HostSession
    {
        if let client = try target.client() { return HostSession(control: client, embedded: nil, client: client) }
        let embedded = try EmbeddedHost.open(dataDirectory: data.data, tenant: target.tenant)
        if running {
            // The built-in workers store their artifacts (charts, large answers) in the embedded host.
            let artifacts = embedded.services.artifacts
            try await embedded.start { installed, governance in
                BuiltInWorkers.workers(
                    installed: installed,
                    governance: governance,
                    factories: BuiltInWorkers.fromEnvironment,
                    artifacts: artifacts
                )
            }
        }
        return HostSession(control: embedded, embedded: embedded, client: nil)
    }

    /// Runs `body` on a session whose embedded host (if any) runs no workers, and closes it.
    static func using<T>(
        data: HostDataOptions,
        target: HostTargetOptions,
        _ body: (any HostControl) async throws(HostError) -> T
    ) async throws(HostError) -> T {
        let session = try await open(data: data, target: target, running: false)
        do {
            let value = try await body(session.control)
            await session.close()
            return value
        } catch {
            await session.close()
            throw error
        }
    }

    /// Stops the embedded host's loop and waits for its in-flight work, or closes the client's connections.
    func close() async {
        await embedded?.close()
        await client?.close()
    }
}
