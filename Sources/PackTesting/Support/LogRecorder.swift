public import Logging
import Synchronization

/// Keeps every log line (message and metadata) that loggers made from it write, so a test can prove that no
/// secret reached the logs.
public final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])

    /// An empty recorder.
    public init() {}

    /// A logger whose lines go to this recorder (at every level, `trace` included).
    public func logger(label: String = "cordum.test") -> Logger {
        var logger = Logger(label: label) { label in RecordingHandler(label: label, recorder: self) }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far: `level label: message key=value ...`.
    public var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

private struct RecordingHandler: LogHandler {
    let label: String
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        recorder.append("\(event.level) \(label): \(event.message) \(fields)")
    }
}
