public import Foundation

/// The `updated_at` of a catalog: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
public enum CatalogTimestamp {
    /// Formats seconds since 1970-01-01T00:00:00Z.
    /// - Parameter epochSeconds: the time; negative values are before 1970.
    public static func string(epochSeconds: Int64) -> String {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let seconds = epochSeconds - days * 86_400
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let time = "\(two(seconds / 3_600)):\(two(seconds % 3_600 / 60)):\(two(seconds % 60))"
        return "\(year)-\(two(month))-\(two(day))T\(time)Z"
    }

    /// The timestamp for a build: `SOURCE_DATE_EPOCH` (the reproducible-builds convention) when set, else `now`.
    /// - Parameters:
    ///   - sourceDateEpoch: the variable's value, if set.
    ///   - now: the current time.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidSourceDateEpoch`` when the variable is not a
    ///   non-negative integer.
    public static func resolve(sourceDateEpoch: String?, now: Date) throws(BundlerError) -> String {
        guard let sourceDateEpoch else { return string(epochSeconds: Int64(now.timeIntervalSince1970.rounded(.down))) }
        guard let seconds = Int64(sourceDateEpoch.trimmingCharacters(in: .whitespaces)), seconds >= 0,
            seconds < 253_402_300_800
        else {
            throw BundlerError(
                code: .invalidSourceDateEpoch,
                location: "SOURCE_DATE_EPOCH",
                message: "SOURCE_DATE_EPOCH \"\(sourceDateEpoch)\" is not a number of seconds since 1970",
                hint: "an integer such as the last commit's time: git log -1 --format=%ct"
            )
        }
        return string(epochSeconds: seconds)
    }
}
