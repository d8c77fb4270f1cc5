import Foundation
public import StructuredData

/// The release health report of `sentry.release.health`: a verdict and a Markdown document from what Sentry said of a
/// release (its crash-free rates per project, the issues first seen in it, its deploys). Pure: the worker stores
/// ``markdown`` as the job's artifact.
public struct ReleaseReport: Sendable {
    /// `healthy`, `degraded` or `unknown` (no crash-free rate and no more new issues than allowed).
    public var verdict: String
    /// The lowest crash-free sessions rate (percent) of the release's projects, if Sentry had one.
    public var crashFreeSessions: Double?
    /// How many new issues the release has.
    public var newIssues: Int
    /// The report.
    public var markdown: String
    /// One line for approvals and chats.
    public var summary: String

    /// Builds the report.
    /// - Parameters:
    ///   - version: The release version.
    ///   - release: The release (`releases.get` with `health=true`).
    ///   - newIssues: The unresolved issues first seen in it.
    ///   - deploys: Its deploys.
    ///   - minCrashFree: The crash-free sessions rate (percent) below which it is degraded.
    ///   - maxNewIssues: More new issues than this make it degraded.
    public init(
        version: String,
        release: JSONValue,
        newIssues: [JSONValue],
        deploys: [JSONValue],
        minCrashFree: Double,
        maxNewIssues: Int
    ) {
        let projects = release["projects"]?.arrayValue ?? []
        let rates = projects.compactMap { $0["healthData"]?["crashFreeSessions"]?.doubleValue }
        crashFreeSessions = rates.min()
        self.newIssues = newIssues.count
        var reasons: [String] = []
        if let rate = crashFreeSessions, rate < minCrashFree {
            reasons.append("crash-free sessions \(Self.percent(rate)) below \(Self.percent(minCrashFree))")
        }
        if newIssues.count > maxNewIssues {
            reasons.append("\(newIssues.count) new issues, more than \(maxNewIssues)")
        }
        verdict = !reasons.isEmpty ? "degraded" : crashFreeSessions == nil ? "unknown" : "healthy"
        let rateText = crashFreeSessions.map(Self.percent) ?? "no session data"
        summary =
            "Release \(version): \(verdict) (crash-free sessions \(rateText), \(newIssues.count) new issues, \(deploys.count) deploys)"
            + (reasons.isEmpty ? "." : ": " + reasons.joined(separator: "; ") + ".")

        var lines = ["# Release health: \(Self.cell(version))", "", "**Verdict: \(verdict)**. \(summary)", ""]
        lines += [
            "## Crash-free rates", "", "| project | sessions | users | sessions (24h) | new issues |",
            "|---|---|---|---|---|",
        ]
        for project in projects {
            let health = project["healthData"]
            lines.append(
                "| \(Self.cell(project["slug"]?.stringValue ?? "?")) | \(health?["crashFreeSessions"]?.doubleValue.map(Self.percent) ?? "–") | \(health?["crashFreeUsers"]?.doubleValue.map(Self.percent) ?? "–") | \(health?["totalSessions24h"]?.intValue.map(String.init) ?? "–") | \(project["newGroups"]?.intValue.map(String.init) ?? "–") |"
            )
        }
        lines += ["", "## Deploys", ""]
        if deploys.isEmpty {
            lines.append("None recorded.")
        } else {
            lines += ["| environment | name | finished |", "|---|---|---|"]
            for deploy in deploys {
                lines.append(
                    "| \(Self.cell(deploy["environment"]?.stringValue ?? "?")) | \(Self.cell(deploy["name"]?.stringValue ?? "")) | \(Self.cell(deploy["dateFinished"]?.stringValue ?? "")) |"
                )
            }
        }
        lines += ["", "## New issues", ""]
        if newIssues.isEmpty {
            lines.append("None.")
        } else {
            lines += ["| issue | title | events | users | level |", "|---|---|---|---|---|"]
            for issue in newIssues {
                let id = Self.cell(issue["shortId"]?.stringValue ?? issue["id"]?.stringValue ?? "?")
                let link = issue["permalink"]?.stringValue.map { "[\(id)](\($0))" } ?? id
                lines.append(
                    "| \(link) | \(Self.cell(issue["title"]?.stringValue ?? "")) | \(Self.cell(issue["count"]?.stringValue ?? "")) | \(issue["userCount"]?.intValue.map(String.init) ?? "") | \(Self.cell(issue["level"]?.stringValue ?? "")) |"
                )
            }
        }
        markdown = lines.joined(separator: "\n") + "\n"
    }

    /// `97.8%`.
    static func percent(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? "\(Int(rounded))%" : "\(rounded)%"
    }

    /// Text safe in a Markdown table cell: pipes escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
            .replacingOccurrences(of: "\r", with: " ")
    }
}
