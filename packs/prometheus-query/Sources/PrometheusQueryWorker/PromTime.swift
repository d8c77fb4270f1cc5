import Foundation

/// Times as Prometheus' API takes them (the job input's are read with WorkerKit's `InputTime`).
enum PromTime {
    /// Unix seconds as Prometheus reads them: at most three decimals.
    static func text(_ seconds: Double) -> String {
        let milliseconds = (seconds * 1000).rounded()
        if milliseconds.truncatingRemainder(dividingBy: 1000) == 0 { return String(Int64(milliseconds / 1000)) }
        return String(format: "%.3f", milliseconds / 1000)
    }
}
