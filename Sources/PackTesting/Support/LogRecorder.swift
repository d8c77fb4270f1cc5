import InMemoryLogging
public import Logging

/// Keeps every log line (message, metadata and error) that loggers made from it write, so a test can prove that no
/// secret reached the logs. The lines are kept by swift-log's `InMemoryLogHandler`; this type gives every logger it
/// makes the same store and renders each entry as one searchable line.
public final class LogRecorder: Sendable {
    private let handler = InMemoryLogHandler()

    /// An empty recorder.
    public init() {}

    /// A logger whose lines go to this recorder, at every level (`trace` included); its label is kept in each line
    /// as the metadata `logger`.
    public func logger(label: String = "cordum.test") -> Logger {
        var logger = Logger(label: label) { label in
            var handler = self.handler
            handler[metadataKey: "logger"] = "\(label)"
            return handler
        }
        logger.logLevel = .trace
        return logger
    }

    /// Every line so far: `level message key=value ... [error=...]`, the keys in order.
    public var all: [String] {
        handler.entries.map { entry in
            var line = "\(entry.level) \(entry.message)"
            for (key, value) in entry.metadata.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            if let error = entry.error { line += " error=\(error)" }
            return line
        }
    }
}
