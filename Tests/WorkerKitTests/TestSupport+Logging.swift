import Logging
import PackTesting

/// Collects every log line (message and metadata, rendered) so tests can search them: PackTesting's recorder under
/// the name the WorkerKit tests use.
final class LogCapture: Sendable {
    private let recorder = LogRecorder()

    /// Every line so far.
    var all: [String] { recorder.all }

    /// A logger at trace level writing here.
    func logger(label: String = "test") -> Logger { recorder.logger(label: label) }
}
