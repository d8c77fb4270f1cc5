public import Foundation

/// Runs a program to its end and returns what it printed, with its standard output and error captured in temporary
/// files rather than pipes: a file has no end to wait for, so a run waits for its own child's exit only, then reads
/// the files.
public enum CapturedRun {
    /// How a run ended and what it printed.
    public struct Output: Sendable {
        /// The exit status.
        public var status: Int32
        /// Standard output.
        public var stdout: Data
        /// Standard error.
        public var stderr: Data
    }

    /// Runs `executable` with `arguments` and waits for it.
    /// - Parameters:
    ///   - stdin: bytes to feed on standard input (from a file); nil reads from `/dev/null`.
    ///   - environment: the child's whole environment; nil inherits this process's.
    ///   - directory: the working directory; nil keeps this process's.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        stdin: Data? = nil,
        environment: [String: String]? = nil,
        directory: String? = nil
    ) throws -> Output {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        let inURL = folder.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: stdin ?? Data())
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        defer {
            try? out.close()
            try? err.close()
            try? input.close()
        }
        let status = try SpawnedProcess(
            executable,
            arguments: arguments,
            environment: environment,
            directory: directory,
            standardInput: .file(input),
            standardOutput: .file(out),
            standardError: .file(err)
        ).waitForExit().status
        return Output(
            status: status,
            stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL)
        )
    }
}
