import Foundation
import StructuredData
import WorkerKit

/// Durations of job inputs, Go's (`250ms`, `1.5s`, `2h`), and as Jaeger's API v3 takes them (seconds, `0.25s`); times
/// are read and written with WorkerKit's `InputTime`.
enum TraceTime {
    /// Seconds of a Go duration (`90s`, `1h30m`, `500ms`), or `nil`.
    static func seconds(ofDuration text: String) -> Double? {
        guard let duration = GoDuration.parse(text) else { return nil }
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// A duration as the API's seconds (`0.25s`, `3s`), which Go's parser and the description's pattern both read.
    static func apiDuration(_ seconds: Double) -> String {
        let micro = (seconds * 1_000_000).rounded()
        if micro.truncatingRemainder(dividingBy: 1_000_000) == 0 { return "\(Int64(micro / 1_000_000))s" }
        var text = String(format: "%.6f", micro / 1_000_000)
        while text.hasSuffix("0") { text.removeLast() }
        return text + "s"
    }

    /// A short human duration: `1.4s`, `250ms`, `3m`.
    static func human(_ seconds: Double) -> String {
        if seconds >= 60 { return String(format: "%.1fm", seconds / 60) }
        if seconds >= 1 { return String(format: "%.2fs", seconds) }
        return String(format: "%.1fms", seconds * 1000)
    }
}
