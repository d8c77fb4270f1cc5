public import StructuredData

/// A time range a job input gives in one of the ways people ask for one: a start and an end (each optional),
/// `around` a moment with a `window` on each side (an incident's time, say), or the last `range` before the end (or
/// now). Metrics, logs and traces packs read it the same way.
public struct TimeWindow: Sendable, Equatable {
    /// Unix seconds of the start, if the input gives or implies one.
    public var start: Double?
    /// Unix seconds of the end, if the input gives or implies one.
    public var end: Double?

    public init(start: Double?, end: Double?) {
        self.start = start
        self.end = end
    }

    /// The input fields a window is read from.
    public struct Fields: Sendable {
        public var start: String
        public var end: String
        public var around = "around"
        public var window = "window"
        public var range = "range"

        /// The vendor's own start and end names (`start`/`end`, `from`/`to`); `around`, `window`, `range`.
        public init(start: String, end: String) {
            self.start = start
            self.end = end
        }
    }

    /// The window `fields` give, removing `around`, `window` and `range` (which no vendor takes) from them.
    ///
    /// - `around` (a time) wins: from `window` (default 30 minutes) before it to as long after, but never past now
    ///   (unless `around` itself is later) nor past a given end.
    /// - Else a start: from it to the end (default now).
    /// - Else `range` (a duration): that long before the end (default now).
    /// - Else `defaultRange` before the end, when given; else only the end, if any.
    ///
    /// - Parameters:
    ///   - now: Unix seconds of now.
    ///   - durations: how `window` and `range` are written.
    ///   - defaultRange: the length of a window the input does not bound, ending at the end (or now).
    /// - Throws: ``WorkerError`` `invalidInput` naming the field whose time or duration cannot be read, or saying
    ///   that the window ends before it starts.
    public static func resolve(
        _ fields: inout [String: JSONValue],
        names: Fields,
        now: Double,
        durations: UnitDuration,
        defaultRange: Double? = nil
    ) throws(WorkerError) -> TimeWindow {
        try resolve(&fields, names: names, now: now, duration: durations.seconds, defaultRange: defaultRange)
    }

    /// ``resolve(_:names:now:durations:defaultRange:)`` with durations read by `duration` (seconds, or `nil` when
    /// the value is not one): Go durations, say.
    public static func resolve(
        _ fields: inout [String: JSONValue],
        names: Fields,
        now: Double,
        duration read: (JSONValue) -> Double?,
        defaultRange: Double? = nil
    ) throws(WorkerError) -> TimeWindow {
        defer {
            fields[names.around] = nil
            fields[names.window] = nil
            fields[names.range] = nil
        }
        func time(_ name: String) throws(WorkerError) -> Double? {
            guard let value = fields[name], value != .null else { return nil }
            guard let seconds = InputTime.seconds(value) else { throw InputTime.invalid(name, value) }
            return seconds
        }
        func duration(_ name: String) throws(WorkerError) -> Double? {
            guard let value = fields[name], value != .null else { return nil }
            guard let seconds = read(value), seconds > 0 else { throw UnitDuration.invalid(name, value) }
            return seconds
        }
        let end = try time(names.end)
        let window: TimeWindow
        if let center = try time(names.around) {
            let half = try duration(names.window) ?? 1_800
            window = TimeWindow(start: center - half, end: min(end ?? (center + half), max(now, center)))
        } else if let start = try time(names.start) {
            window = TimeWindow(start: start, end: end ?? now)
        } else if let length = try duration(names.range) ?? defaultRange {
            let last = end ?? now
            window = TimeWindow(start: last - length, end: last)
        } else {
            window = TimeWindow(start: nil, end: end)
        }
        if let start = window.start, let last = window.end, last < start {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The range ends (\(InputTime.rfc3339(last))) before it starts (\(InputTime.rfc3339(start)))."
            )
        }
        return window
    }
}
