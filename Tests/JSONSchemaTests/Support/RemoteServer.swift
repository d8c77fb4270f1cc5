import Foundation
import JSONSchema
import ServerTesting
import StructuredData

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Serves the suite's `remotes/` folder at `http://localhost:1234/` with Python's `http.server`,
/// shared by the tests that need it and stopped when the last one finishes.
enum RemoteServer {
    static let port = 1234

    private static let lock = NSLock()
    nonisolated(unsafe) private static var process: SpawnedProcess?
    nonisolated(unsafe) private static var users = 0

    /// Runs `body` with a loader that fetches from the running server.
    static func withServer<T>(_ body: (any SchemaLoader) throws -> T) throws -> T {
        try acquire()
        defer { release() }
        return try body(HTTPSchemaLoader())
    }

    /// `python3 -m http.server` on 127.0.0.1, plus a watchdog that exits when the test process dies, so
    /// a crashed run does not leave port 1234 taken.
    private static let serverScript = """
        import functools, http.server, os, sys, threading, time
        parent = os.getppid()
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        while os.getppid() == parent:
            time.sleep(0.5)
        """

    private static func acquire() throws {
        lock.lock()
        defer { lock.unlock() }
        if users > 0 {
            users += 1
            return
        }
        guard let remotes = TestSuiteLocation.remotes else {
            throw SuiteError(message: TestSuiteLocation.missingMessage)
        }
        if answers() {
            throw SuiteError(message: "port \(port) is already in use; stop whatever listens there and rerun the tests")
        }
        let server: SpawnedProcess
        do {
            server = try SpawnedProcess(
                "/usr/bin/env",
                arguments: ["python3", "-c", serverScript, String(port), remotes.path]
            )
        } catch {
            throw SuiteError(message: "could not start python3 -m http.server: \(error)")
        }
        let deadline = Date().addingTimeInterval(15)
        while !answers() {
            guard server.isRunning else {
                throw SuiteError(message: "python3 http.server exited at once; is port \(port) busy?")
            }
            guard Date() < deadline else {
                stop(server)
                throw SuiteError(message: "python3 http.server did not answer on port \(port) within 15 seconds")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process = server
        users = 1
    }

    private static func release() {
        lock.lock()
        defer { lock.unlock() }
        users -= 1
        if users == 0, let server = process {
            stop(server)
            process = nil
        }
    }

    /// Kills the server.
    private static func stop(_ server: SpawnedProcess) {
        server.signal(SIGKILL)
        server.waitForExit()
    }

    private static func answers() -> Bool {
        (try? HTTPSchemaLoader.fetch("http://127.0.0.1:\(port)/integer.json", timeout: 1)) != nil
    }
}

/// A test-only ``SchemaLoader`` that fetches `http://localhost:1234/...` from ``RemoteServer``.
struct HTTPSchemaLoader: SchemaLoader {
    func load(uri: String) throws -> JSONValue {
        let local = uri.replacing("http://localhost:1234/", with: "http://127.0.0.1:1234/")
        guard local.hasPrefix("http://127.0.0.1:1234/") else {
            throw SuiteError(message: "the test loader only serves http://localhost:1234/, not \(uri)")
        }
        let bytes = try Self.fetch(local, timeout: 10)
        return try JSONParser.parse(bytes, file: uri).value
    }

    /// GETs `address` and returns the body of a 200 response.
    static func fetch(_ address: String, timeout: TimeInterval) throws -> [UInt8] {
        guard let url = URL(string: address) else { throw SuiteError(message: "bad URL \(address)") }
        var request = URLRequest(url: url)
        request.timeoutInterval = timeout
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            box.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }
        task.resume()
        done.wait()
        let (data, status, error) = box.get()
        if let error { throw error }
        guard status == 200, let data else {
            throw SuiteError(message: "GET \(address) answered \(status.map(String.init) ?? "nothing")")
        }
        return [UInt8](data)
    }
}

/// Carries a response out of URLSession's completion handler.
private final class ResponseBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    private var status: Int?
    private var error: (any Error)?

    func set(data: Data?, status: Int?, error: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        self.data = data
        self.status = status
        self.error = error
    }

    func get() -> (Data?, Int?, (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        return (data, status, error)
    }
}
