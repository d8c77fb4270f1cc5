import ArgumentParser
import Foundation
import PackHost
import StructuredData

/// `packctl audit`: checks and exports the host's hash-chained audit log, offline.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check and export the host's hash-chained audit log.",
        subcommands: [AuditVerify.self, AuditExport.self]
    )
}

/// The host data directory option shared by the audit commands.
struct AuditStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The host's data directory (holding host.sqlite).")
    var data = HostPaths.defaultDataDirectory

    /// Opens the store read-only, or prints why not and exits with 2.
    func openAuditStore() throws -> AuditStore {
        do throws(HostError) {
            return try AuditStore.open(existingAt: HostPaths(dataDirectory: data).hostDatabase)
        } catch {
            printError("error: \(error.message)")
            throw ExitStatus.invalidInput
        }
    }
}

/// `packctl audit verify`.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Walk the whole audit chain and report the first break.",
        discussion: """
            Detects changed records (hash does not match content), removed records (gaps in seq), reordered or \
            replaced records (prev_hash does not match), and, with --anchor SEQ:HASH (a head printed by an earlier \
            verify), records removed from the end. With --file, checks a full export (packctl audit export) instead \
            of the store. With --data, also checks the host's signed checkpoint (<DIR>/audit-checkpoint.json, \
            signed by the key <DIR>/audit-checkpoint.pub; --checkpoint and --checkpoint-key name others): a log \
            that ends before it, or differs at it, was truncated or rewritten, and a missing checkpoint or one \
            signed by another key is reported. Exit codes: 0 intact; 1 broken; 2 unusable store or file (missing, \
            unreadable, not a host store).
            """
    )

    @Option(name: .long, help: "The signed checkpoint file (default: <data>/audit-checkpoint.json).")
    var checkpoint: String?

    @Option(name: .long, help: "The host's audit public key (default: <data>/audit-checkpoint.pub).")
    var checkpointKey: String?

    @OptionGroup var store: AuditStoreOptions

    @Option(name: .long, help: "A head recorded earlier, as SEQ:HASH; the log must still contain it.")
    var anchor: String?

    @Option(name: .long, help: "Check this export (JSON lines; - for standard input) instead of the store.")
    var file: String?

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if let anchor {
            do throws(HostError) { _ = try AuditAnchor(parsing: anchor) } catch { throw ValidationError(error.message) }
        }
    }

    func run() throws {
        let parsed = try anchor.map { text in try AuditAnchor(parsing: text) }
        let result: AuditVerification
        if let file {
            let text = String(decoding: try readInputFile(file), as: UTF8.self)
            result = AuditLog.verify(exportLines: text.split(separator: "\n").map(String.init), anchor: parsed)
        } else {
            let auditStore = try store.openAuditStore()
            do throws(HostError) {
                let folder = store.data.hasSuffix("/") ? store.data : store.data + "/"
                result = try AuditCheckpointer.verify(
                    auditStore,
                    anchor: parsed,
                    checkpointFile: checkpoint ?? folder + AuditCheckpointer.checkpointFileName,
                    publicKeyFile: checkpointKey ?? folder + AuditCheckpointer.keyName + ".pub"
                )
            } catch {
                printError("error: \(error.message)")
                throw ExitStatus.invalidInput
            }
        }
        switch format {
        case .text: print(result.text)
        case .json: print(JSONEncoding.pretty(result.json))
        }
        if !result.ok { throw ExitStatus.checkFailed }
    }
}

/// `packctl audit export`.
struct AuditExport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write audit records as JSON lines.",
        discussion: """
            One canonical JSON object per line: seq, time (RFC 3339), tenant_id, principal, kind, subject, data, \
            prev_hash, hash. With --host, the records of the --tenant (default "default") are read from a running \
            host's API (GET /audit). Exit codes: 0 exported; 2 unusable store, host or output file.
            """
    )

    @OptionGroup var store: AuditStoreOptions

    @Option(
        name: .long,
        help: "Only this tenant's records (\"\" for system events); with --host, the tenant to act for."
    )
    var tenant: String?

    @Option(name: .long, help: "A running host's URL (http://HOST:PORT); without it, the store in --data is read.")
    var host: String?

    @Option(name: .long, help: "The API key for --host (default: the CORDUM_API_KEY environment variable).")
    var apiKey: String?

    @Option(name: .long, help: "Only records after this sequence number.")
    var since: Int64 = 0

    @Option(name: .long, help: "Write to this file (created 0600) instead of standard output.")
    var out: String?

    func validate() throws {
        if since < 0 { throw ValidationError("--since must be 0 or more, not \(since)") }
    }

    func run() async throws {
        if let host {
            try await exportFromHost(host)
            return
        }
        let auditStore = try store.openAuditStore()
        do throws(HostError) {
            if let out {
                let count = try AuditExportFile.write(to: out) {
                    (write: (String) throws(HostError) -> Void) throws(HostError) in
                    try auditStore.export(tenant: tenant, since: since, write: write)
                }
                printError("exported \(count == 1 ? "1 record" : "\(count) records") to \(out)")
            } else {
                try auditStore.export(tenant: tenant, since: since) { line in print(line) }
            }
        } catch {
            printError("error: \(error.message)")
            throw ExitStatus.invalidInput
        }
    }
}

extension AuditExport {
    /// Exports the tenant's records from a running host, page by page.
    func exportFromHost(_ url: String) async throws {
        let key = apiKey ?? ProcessInfo.processInfo.environment["CORDUM_API_KEY"] ?? ""
        do throws(HostError) {
            let client = try HostClient(baseURL: url, apiKey: key, tenant: tenant ?? "default")
            var lines: [String] = []
            let read: Result<Int, HostError>
            do throws(HostError) {
                read = .success(
                    try await client.exportAudit(since: since) { (line: String) throws(HostError) in
                        lines.append(line)
                    }
                )
            } catch {
                read = .failure(error)
            }
            await client.close()
            _ = try read.get()
            if let out {
                let count = try AuditExportFile.write(to: out) {
                    (write: (String) throws(HostError) -> Void) throws(HostError) in
                    for line in lines { try write(line) }
                    return lines.count
                }
                printError("exported \(count == 1 ? "1 record" : "\(count) records") to \(out)")
            } else {
                for line in lines { print(line) }
            }
        } catch {
            printError("error: \(error.message)")
            throw ExitStatus.invalidInput
        }
    }
}

/// Writes an export next to its destination and moves it into place only when complete.
enum AuditExportFile {
    static func write(
        to path: String,
        _ body: ((String) throws(HostError) -> Void) throws(HostError) -> Int
    ) throws(HostError) -> Int {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: partial)
        else { throw HostError(.storage, "cannot write \"\(path)\"") }
        let count: Int
        do {
            count = try body { (line: String) throws(HostError) in
                do { try handle.write(contentsOf: Data((line + "\n").utf8)) } catch {
                    throw HostError(.storage, "cannot write \"\(path)\": \(error.localizedDescription)")
                }
            }
            try? handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            throw HostError(.storage, "cannot write \"\(path)\": \(String(cString: strerror(errno)))")
        }
        return count
    }
}
