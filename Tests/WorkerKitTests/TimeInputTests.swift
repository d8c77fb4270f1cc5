import StructuredData
import Testing
import WorkerKit

/// The kit's reading of times, durations and time windows in job inputs (metrics, logs and traces packs).
@Suite("Times, durations and windows of job inputs")
struct TimeInputTests {
    @Test func timesAreRFC3339OrUnixSeconds() {
        #expect(InputTime.seconds("2026-12-07T10:00:00Z") == 1_796_637_600)
        #expect(InputTime.seconds("2026-12-07T12:00:00+02:00") == 1_796_637_600)
        #expect(InputTime.seconds("2026-12-07T10:00:00.25Z") == 1_796_637_600.25)
        // Prometheus and Alertmanager write nanoseconds, which Foundation's own parser refuses.
        let nanos = InputTime.seconds("2026-12-07T10:00:00.123456789Z")
        #expect(nanos.map { abs($0 - 1_796_637_600.123456789) < 1e-6 } == true)
        #expect(InputTime.seconds(1_796_637_600) == 1_796_637_600)
        #expect(InputTime.seconds("1796637600.5") == 1_796_637_600.5)
        #expect(InputTime.wholeSeconds("2026-12-07T10:00:00.9Z") == 1_796_637_600)
        for bad: JSONValue in ["yesterday", "2026-12-07", "2026-12-07T10:00:00.Z", "nan", .null, true, ["x": 1]] {
            #expect(InputTime.seconds(bad) == nil, "\(bad)")
        }
        #expect(InputTime.rfc3339(1_796_637_600.9) == "2026-12-07T10:00:00Z")
        #expect(InputTime.rfc3339(1_796_637_600.2509, fraction: .milliseconds) == "2026-12-07T10:00:00.250Z")
    }

    @Test func aBadTimeIsRefusedNamingTheField() {
        let error = InputTime.invalid("around", "soon")
        #expect(error.code == .invalidInput)
        #expect(error.message.contains("The around is \"soon\""))
        #expect(error.message.contains("RFC 3339"))
    }

    @Test func durationsTakeEachUnitOnceLargestFirst() {
        let prometheus = UnitDuration.prometheus
        #expect(prometheus.seconds("1h30m") == 5_400)
        #expect(prometheus.seconds("500ms") == 0.5)
        #expect(prometheus.seconds("1m500ms") == 60.5)
        #expect(prometheus.seconds("2w") == 1_209_600)
        #expect(prometheus.seconds("1y") == 31_536_000)
        for bad in ["", "30", "1.5h", "30m1h", "1h1h", "0s", "5x", "h", "-5m", "1000000000000000s"] {
            #expect(prometheus.seconds(bad) == nil, "\(bad)")
        }
        // Plain seconds, as numbers or text, where a value may be either.
        #expect(prometheus.seconds(.string("30")) == 30)
        #expect(prometheus.seconds(15.5) == 15.5)
        #expect(prometheus.seconds(0) == nil)
        #expect(prometheus.text(5_400) == "1h30m")
        #expect(prometheus.text(0.5) == "500ms")
        #expect(prometheus.text(31_536_000) == "52w1d")
        #expect(prometheus.text(0) == "0s")

        let weeks = UnitDuration.weeks
        #expect(weeks.seconds("500ms") == nil)
        #expect(weeks.wholeSeconds("1d12h") == 129_600)
        #expect(weeks.text(90) == "1m30s")
        #expect(UnitDuration.invalid("window", "soon").message.contains("The window is \"soon\""))
    }

    static let now = 1_796_637_600.0
    static let names = TimeWindow.Fields(start: "from", end: "to")

    func window(_ input: [String: JSONValue], defaultRange: Double? = nil) throws(WorkerError) -> TimeWindow {
        var fields = input
        let window = try TimeWindow.resolve(
            &fields,
            names: Self.names,
            now: Self.now,
            durations: .weeks,
            defaultRange: defaultRange
        )
        // No vendor takes the relative fields: they never reach the request.
        #expect(fields["around"] == nil && fields["window"] == nil && fields["range"] == nil)
        return window
    }

    @Test func aWindowAroundAMomentStopsAtNow() throws {
        let incident = Self.now - 600
        let window = try window(["around": .number(incident), "window": "15m"])
        #expect(window == TimeWindow(start: incident - 900, end: Self.now))
        #expect(try self.window(["around": .number(incident)]) == TimeWindow(start: incident - 1_800, end: Self.now))
        let old = Self.now - 86_400
        #expect(try self.window(["around": .number(old), "to": .number(old + 60)]).end == old + 60)
    }

    @Test func aStartARangeOrTheDefault() throws {
        #expect(try window(["from": .number(Self.now - 60)]) == TimeWindow(start: Self.now - 60, end: Self.now))
        #expect(try window(["range": "2h"]) == TimeWindow(start: Self.now - 7_200, end: Self.now))
        #expect(
            try window(["range": "1h", "to": .number(Self.now - 3_600)])
                == TimeWindow(start: Self.now - 7_200, end: Self.now - 3_600)
        )
        #expect(try window([:], defaultRange: 900) == TimeWindow(start: Self.now - 900, end: Self.now))
        #expect(try window([:]) == TimeWindow(start: nil, end: nil))
        #expect(try window(["to": .number(Self.now)]) == TimeWindow(start: nil, end: Self.now))
    }

    @Test func unreadableOrBackwardWindowsAreRefused() {
        func refusal(_ input: [String: JSONValue]) -> String? {
            do {
                _ = try window(input)
                return nil
            } catch {
                #expect(error.code == .invalidInput)
                return error.message
            }
        }
        #expect(refusal(["around": "later"])?.contains("The around is") == true)
        #expect(refusal(["range": "1.5h"])?.contains("The range is") == true)
        #expect(refusal(["window": "0s", "around": .number(Self.now)])?.contains("The window is") == true)
        #expect(
            refusal(["from": .number(Self.now), "to": .number(Self.now - 60)])
                == "The range ends (2026-12-07T09:59:00Z) before it starts (2026-12-07T10:00:00Z)."
        )
    }
}
