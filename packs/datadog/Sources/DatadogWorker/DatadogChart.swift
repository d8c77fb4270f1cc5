import StructuredData
import WorkerKit

/// Datadog metric answers as ``LineChart``s: v1 query answers (`series[].pointlist`, `[milliseconds, value]` pairs,
/// `null` a gap) and v2 timeseries answers (`times` in milliseconds, one `values` row per series), one line per
/// series labelled with its expression or its formula and group tags.
enum DatadogChart {
    /// A v1 `/api/v1/query` answer.
    static func v1(_ result: JSONValue?, title: String, unit: String) -> LineChart {
        let series = (result?["series"]?.arrayValue ?? []).map { entry in
            ChartSeries(
                label: entry["expression"]?.stringValue ?? entry["display_name"]?.stringValue
                    ?? "\(entry["metric"]?.stringValue ?? ""){\(entry["scope"]?.stringValue ?? "*")}",
                points: (entry["pointlist"]?.arrayValue ?? []).compactMap { pair -> ChartPoint? in
                    guard let sample = pair.arrayValue, sample.count == 2, let time = sample[0].doubleValue else {
                        return nil
                    }
                    return ChartPoint(time: time / 1000, value: sample[1].doubleValue ?? .nan)
                }
            )
        }
        return LineChart(title: title, unit: unit, series: series)
    }

    /// A v2 `/api/v2/query/timeseries` answer; `formulas` name the lines (by `query_index`).
    static func v2(_ result: JSONValue?, formulas: [String], title: String, unit: String) -> LineChart {
        let attributes = result?["data"]?["attributes"]
        let times = (attributes?["times"]?.arrayValue ?? []).map { ($0.doubleValue ?? .nan) / 1000 }
        let rows = attributes?["values"]?.arrayValue ?? []
        let series = (attributes?["series"]?.arrayValue ?? []).enumerated().map { index, entry in
            let formula = entry["query_index"]?.intValue.flatMap { formulas.indices.contains($0) ? formulas[$0] : nil }
            let tags = (entry["group_tags"]?.arrayValue ?? []).compactMap(\.stringValue)
            let values = index < rows.count ? rows[index].arrayValue ?? [] : []
            return ChartSeries(
                label: (formula ?? "series \(index + 1)") + (tags.isEmpty ? "" : "{\(tags.joined(separator: ","))}"),
                points: zip(times, values).map { ChartPoint(time: $0, value: $1.doubleValue ?? .nan) }
            )
        }
        return LineChart(title: title, unit: unit, series: series)
    }
}
