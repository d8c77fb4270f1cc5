import Foundation

/// Tick positions of a chart axis: "nice" values (1, 2, 2.5 or 5 times a power of ten) for values, and round
/// intervals (seconds to weeks) for time.
enum ChartAxis {
    /// About `count` ticks spanning `range`, at nice steps; a range of one value is widened around it.
    static func valueTicks(_ range: ClosedRange<Double>, count: Int = 5) -> (
        ticks: [Double], domain: ClosedRange<Double>
    ) {
        var low = range.lowerBound
        var high = range.upperBound
        if low == high {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let rough = (high - low) / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = floor(low / step) * step
        let last = ceil(high / step) * step
        var ticks: [Double] = []
        var index = 0.0
        while first + index * step <= last + step / 2, ticks.count < 50 {
            let tick = first + index * step
            ticks.append(abs(tick) < step / 1e6 ? 0 : tick)
            index += 1
        }
        return (ticks, first...last)
    }

    /// The time steps ticks may use, in seconds.
    static let timeSteps: [Double] = [
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800, 604_800,
    ]

    /// Ticks at a round interval inside `range`, about `count` of them.
    static func timeTicks(_ range: ClosedRange<Double>, count: Int = 6) -> [Double] {
        let span = range.upperBound - range.lowerBound
        guard span > 0 else { return [range.lowerBound] }
        let rough = span / Double(max(count, 1))
        let step = timeSteps.first { $0 >= rough } ?? (ceil(rough / 604_800) * 604_800)
        var tick = ceil(range.lowerBound / step) * step
        var ticks: [Double] = []
        while tick <= range.upperBound, ticks.count < 50 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }
}
