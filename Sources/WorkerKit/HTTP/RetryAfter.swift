import Foundation

/// `Retry-After` values: delay-seconds or an HTTP date (IMF-fixdate, RFC 850 or asctime).
enum RetryAfter {
    static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingBlanks()
        if let seconds = Int(text) { return .seconds(max(seconds, 0)) }
        if let seconds = Double(text), seconds.isFinite { return .milliseconds(Int64(max(seconds, 0) * 1000)) }
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = format
            if let date = formatter.date(from: text) {
                let interval = max(date.timeIntervalSince(now), 0)
                return .milliseconds(Int64((interval * 1000).rounded(.up)))
            }
        }
        return nil
    }

    /// The common rate-limit reset: `x-ratelimit-reset` (epoch seconds, or seconds left) when
    /// `x-ratelimit-remaining` is 0.
    static func rateLimitReset(
        remaining: String?,
        reset: String?,
        style: RateLimitResetStyle = .epochSeconds,
        now: Date
    ) -> Duration? {
        guard remaining?.trimmingBlanks() == "0", let reset, let value = Double(reset.trimmingBlanks()),
            value.isFinite
        else {
            return nil
        }
        let seconds =
            switch style {
            case .epochSeconds: value - now.timeIntervalSince1970
            case .secondsLeft: value
            }
        return .milliseconds(Int64(max(seconds, 0) * 1000))
    }
}
