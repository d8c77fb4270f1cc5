import ArgumentParser
import Foundation
import PackHost

/// `packctl serve`: the host API over HTTP on the data folder.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the host API (docs/host-api.md) on the data folder.",
        discussion: """
            On first start, with no <DIR>/api-keys.json, an admin key for every tenant is created, stored hashed \
            (mode 0600) and printed once on standard output. Then the host recovers unfinished runs and jobs and \
            serves until SIGINT or SIGTERM, when it stops accepting requests, lets in-flight ones finish and shuts \
            down. With --dev-workers, the built-in in-process worker of every installed pack that has one (today: \
            hello) serves its pool, including packs installed while the server runs.
            Exit codes: 0 stopped by a signal; 2 the store, the policy file, the key file or the address cannot be \
            used.
            """
    )

    @OptionGroup var data: HostDataOptions

    @Option(name: .long, help: "The address to listen on.")
    var address = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .long, help: "A base policy file merged before every pack's fragment.")
    var policy: String?

    @Flag(name: .long, help: "Run the built-in in-process workers of the installed packs.")
    var devWorkers = false

    func run() async throws {
        try await Self.serve(data: data.data, address: address, port: port, policy: policy, devWorkers: devWorkers)
    }

    /// Opens the data folder and serves until a signal; `serve` and `dev` share it.
    static func serve(data: String, address: String, port: Int, policy: String?, devWorkers: Bool) async throws {
        let services: HostServices
        do {
            let basePolicy = try policy.map { path throws in (file: path, bytes: try readInputFile(path)) }
            services = try HostServices.open(paths: HostPaths(dataDirectory: data), basePolicy: basePolicy)
        } catch let error as HostError {
            throw failHostCommand(error, format: .text)
        }
        let sync = devWorkers ? BuiltInWorkers.keepRegistered(on: services) : nil
        defer { sync?.cancel() }
        let server = HostServer(
            services: services,
            configuration: HostServer.Configuration(host: address, port: port)
        )
        do {
            try await server.run(
                announceKey: { key in
                    printFlushed("created an admin API key (shown once, stored hashed in \(data)/api-keys.json):")
                    printFlushed("  CORDUM_API_KEY=\(key)")
                },
                onServerRunning: { port in
                    printFlushed("serving the host API on http://\(address):\(port)/api/v1 (data: \(data))")
                }
            )
        } catch let error as HostError {
            throw failHostCommand(error, format: .text)
        } catch {
            printError("error: the server stopped: \(error)")
            throw ExitStatus.invalidInput
        }
    }
}

/// `packctl dev`: the host API and every built-in worker in one process.
struct Dev: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the host API and the built-in pack workers in one process, for development.",
        discussion: """
            The same as `packctl serve --dev-workers`: install a pack (packctl install --host URL PACK, or \
            embedded before starting) and its built-in worker starts serving its pool.
            Exit codes: as serve.
            """
    )

    @OptionGroup var data: HostDataOptions

    @Option(name: .long, help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .long, help: "A base policy file merged before every pack's fragment.")
    var policy: String?

    func run() async throws {
        try await Serve.serve(data: data.data, address: "127.0.0.1", port: port, policy: policy, devWorkers: true)
    }
}

/// Writes a line to standard output at once, unbuffered (a test or script may be reading the pipe).
func printFlushed(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
