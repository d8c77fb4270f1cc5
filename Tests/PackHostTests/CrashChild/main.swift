// A host process the crash tests kill at random moments. Usage: PackHostCrashChild DATA_DIR PACK_DIR RUNS
//
// It installs the hello pack (a no-op when installed), recovers, starts RUNS runs of hello.greet-and-sign with
// run idempotency keys (so a restarted child never starts a run twice), approves whatever waits, and ticks
// until every run is terminal; then it exits 0. The sign step's "vendor" is a file: each call appends one line
// `<idempotency key> <job id>` unless the key is already there (as a real API with idempotency keys would).
import Foundation
import PackHost
import StructuredData
import WorkflowEngine

let arguments = CommandLine.arguments
guard arguments.count == 4, let runCount = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: PackHostCrashChild DATA_DIR PACK_DIR RUNS\n".utf8))
    exit(64)
}
let paths = HostPaths(dataDirectory: arguments[1])
let effects = arguments[1] + "/effects.log"

/// The hello topics, with the sign side effect recorded in a file.
final class FileWorker: HostWorker {
    let id = "file-worker"
    let pool = "hello"
    let capacity = 2
    let topics: [String] = []
    let path: String

    init(path: String) { self.path = path }

    func run(_ assignment: JobAssignment) async -> WorkerReport {
        let job = assignment.job
        // Slow enough that kills land while jobs run, and between a side effect and its recorded result.
        try? await Task.sleep(for: .milliseconds(Int.random(in: 5...40)))
        guard job.topic == "job.hello.guestbook.sign" else {
            let name = job.input["name"]?.stringValue ?? "friend"
            return .succeeded(["greeting": .string("Hello, \(name)!")])
        }
        let key = job.idempotencyKey ?? job.id
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        if !existing.split(separator: "\n").contains(where: { $0.hasPrefix(key + " ") }) {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                return .failed(JobFailure(code: "vendor_unavailable", message: "cannot open \(path)", retryable: true))
            }
            handle.seekToEndOfFile()
            handle.write(Data("\(key) \(job.id)\n".utf8))
            try? handle.synchronize()
            try? handle.close()
            try? await Task.sleep(for: .milliseconds(Int.random(in: 5...40)))
        }
        return .succeeded(["entry_id": .string(key), "created": true])
    }

    func cancel(jobID: String, reason: String) async {}
}

do {
    let services = try HostServices.open(paths: paths)
    let installed = try services.installer.list().map(\.id)
    if !installed.contains("hello") {
        _ = try services.installer.install(path: arguments[2])
        try await services.configurationChanged()
    }
    try await services.host.register(FileWorker(path: effects))
    try await services.host.recover()
    var runIDs: [String] = []
    for index in 0..<runCount {
        let run = try await services.host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": .string("guest\(index)")],
            tenant: "default",
            principal: "crash-test",
            idempotencyKey: "crash-run-\(index)"
        )
        runIDs.append(run.id)
    }
    while true {
        await services.host.settle()
        for approval in try await services.host.approvals(tenant: "default") {
            _ = try? await services.host.approve(approval.id, tenant: "default", principal: "approver", reason: "ok")
        }
        try await services.host.tick()
        var terminal = true
        for id in runIDs where !(try await services.host.run(id, tenant: "default").status.isTerminal) {
            terminal = false
        }
        if terminal { break }
        try await Task.sleep(for: .milliseconds(5))
    }
    await services.host.settle()
    print(runIDs.joined(separator: " "))
    exit(0)
} catch {
    FileHandle.standardError.write(Data("crash child failed: \(error)\n".utf8))
    exit(1)
}
