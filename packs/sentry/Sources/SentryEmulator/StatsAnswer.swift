import EmulatorKit
import StructuredData

/// The answer of `GET …/stats_v2/`: event counts over three daily intervals ending 2026-12-07, grouped by the
/// requested `groupBy` keys (outcome, category, reason, project), derived from the demo issues' event counts so they
/// stay stable; the `outcome`, `category` and `project` parameters filter.
struct StatsAnswer {
    var json: JSONValue

    init(world: SentryWorld, field: String, groupBy: [String], request: EmulatorRequest) {
        let intervals = ["2026-12-05T00:00:00Z", "2026-12-06T00:00:00Z", "2026-12-07T00:00:00Z"]
        let accepted = world.issues.reduce(0) { $0 + $1.count }
        let outcomes = [("accepted", accepted), ("filtered", 17), ("rate_limited", 0), ("invalid", 2)]
        let categories = [("error", 1.0), ("transaction", 0.0)]
        let projectFilter = request.query.filter { $0.name == "project" }.map(\.value)
        let projects = world.projects.filter { projectFilter.isEmpty || projectFilter.contains($0.id) }
        var groups: [JSONValue] = []
        for (outcome, total) in outcomes where request.queryValue("outcome").map({ $0 == outcome }) ?? true {
            for (category, share) in categories where request.queryValue("category").map({ $0 == category }) ?? true {
                for project in projects {
                    let projectTotal = world.issues.filter { $0.project == project.slug }.reduce(0) { $0 + $1.count }
                    let portion = accepted == 0 ? 0 : Double(total) * share * Double(projectTotal) / Double(accepted)
                    let sum = Int(portion.rounded())
                    let series = [sum / 4, sum / 4, sum - 2 * (sum / 4)]
                    var by: [String: JSONValue] = [:]
                    if groupBy.contains("outcome") { by["outcome"] = .string(outcome) }
                    if groupBy.contains("category") { by["category"] = .string(category) }
                    if groupBy.contains("project") { by["project"] = .integer(Int(project.id) ?? 0) }
                    if groupBy.contains("reason") { by["reason"] = .string(outcome == "accepted" ? "none" : "other") }
                    groups.append([
                        "by": .object(by), "totals": .object([field: .integer(sum)]),
                        "series": .object([field: .array(series.map { .integer($0) })]),
                    ])
                }
            }
        }
        // Rows with the same group key are added up, as Sentry groups them.
        var merged: [String: (by: JSONValue, total: Int, series: [Int])] = [:]
        var order: [String] = []
        for group in groups {
            let key = JSONEncoding.compact(group["by"] ?? .null)
            let total = group["totals"]?[field]?.intValue ?? 0
            let series = group["series"]?[field]?.arrayValue?.compactMap(\.intValue) ?? []
            if let seen = merged[key] {
                merged[key] = (seen.by, seen.total + total, zip(seen.series, series).map(+))
            } else {
                merged[key] = (group["by"] ?? [:], total, series)
                order.append(key)
            }
        }
        json = [
            "start": .string(intervals[0]), "end": "2026-12-07T23:59:59Z",
            "intervals": .array(intervals.map { .string($0) }),
            "groups": .array(
                order.compactMap { merged[$0] }.map { group in
                    [
                        "by": group.by, "totals": .object([field: .integer(group.total)]),
                        "series": .object([field: .array(group.series.map { .integer($0) })]),
                    ]
                }
            ),
        ]
    }
}
