import StructuredData
import WorkerKit

/// A Prometheus range answer (`resultType: matrix`) as a ``LineChart``: one line per series, labelled with its
/// metric and labels (`http_requests_total{code="500", job="api"}`), values parsed from Prometheus' strings
/// (`NaN`, `+Inf` and `-Inf` are gaps).
enum QueryChart {
    static func chart(of data: JSONValue?, title: String, unit: String) -> LineChart {
        let series = (data?["result"]?.arrayValue ?? []).map { entry in
            ChartSeries(
                label: label(entry["metric"]?.objectValue ?? [:]),
                points: (entry["values"]?.arrayValue ?? []).compactMap { pair -> ChartPoint? in
                    guard let sample = pair.arrayValue, sample.count == 2, let time = sample[0].doubleValue else {
                        return nil
                    }
                    let value = sample[1].stringValue.flatMap(Double.init) ?? sample[1].doubleValue ?? .nan
                    return ChartPoint(time: time, value: value)
                }
            )
        }
        return LineChart(title: title, unit: unit, series: series)
    }

    /// `name{a="1", b="2"}`, labels sorted; `{}` for a series without labels.
    static func label(_ metric: [String: JSONValue]) -> String {
        let name = metric["__name__"]?.stringValue ?? ""
        let labels = metric.keys.filter { $0 != "__name__" }.sorted().map { key in
            "\(key)=\"\(metric[key]?.stringValue ?? "")\""
        }
        if labels.isEmpty { return name.isEmpty ? "{}" : name }
        return "\(name){\(labels.joined(separator: ", "))}"
    }
}
