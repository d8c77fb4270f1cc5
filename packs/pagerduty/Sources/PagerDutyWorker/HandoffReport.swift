import Foundation
public import StructuredData

/// The on-call handoff report of a schedule for a window, in Markdown: the shifts of the rendered schedule (who was
/// on call from when to when) and the incidents created in the window with their status, urgency and service.
/// Written by hand (a few table rows) rather than with a Markdown library: nothing on the machine's package list
/// renders Markdown, and the only rule that matters is escaping table cells.
public struct HandoffReport: Sendable {
    /// One on-call shift.
    public struct Shift: Sendable, Equatable {
        public var start: String
        public var end: String
        public var user: String
    }

    /// The report's media type.
    public static let mediaType = "text/markdown; charset=utf-8"

    /// The schedule's name.
    public var name: String
    /// The schedule's time zone.
    public var timeZone: String
    /// The shifts, in order.
    public var shifts: [Shift]
    /// The incidents of the window (PagerDuty's incident objects).
    public var incidents: [JSONValue]
    /// The window.
    public var since: String?
    public var until: String?

    /// A report from PagerDuty's schedule (`final_schedule.rendered_schedule_entries`) and incident objects.
    public init(schedule: JSONValue, incidents: [JSONValue], since: String?, until: String?) {
        name = schedule["name"]?.stringValue ?? schedule["id"]?.stringValue ?? "schedule"
        timeZone = schedule["time_zone"]?.stringValue ?? "UTC"
        shifts = (schedule["final_schedule"]?["rendered_schedule_entries"]?.arrayValue ?? []).map { entry in
            Shift(
                start: entry["start"]?.stringValue ?? "",
                end: entry["end"]?.stringValue ?? "",
                user: entry["user"]?["summary"]?.stringValue ?? entry["user"]?["id"]?.stringValue ?? "nobody"
            )
        }
        self.incidents = incidents
        self.since = since
        self.until = until
    }

    /// The report.
    public func markdown() -> String {
        var lines = [
            "# On-call handoff: \(Self.cell(name))", "",
            "Window: \(since ?? "now") to \(until ?? "now") (schedule time zone \(timeZone)).", "",
            "## Shifts", "",
        ]
        if shifts.isEmpty {
            lines.append("Nobody was on call in the window.")
        } else {
            lines += ["| From | To | On call |", "| --- | --- | --- |"]
            lines += shifts.map { "| \($0.start) | \($0.end) | \(Self.cell($0.user)) |" }
        }
        lines += ["", "## Incidents", ""]
        if incidents.isEmpty {
            lines.append("No incident was created in the window.")
        } else {
            let open = incidents.filter { $0["status"]?.stringValue != "resolved" }.count
            lines += [
                "\(incidents.count) incidents, \(open) still open.", "",
                "| # | Title | Status | Urgency | Service | Created |", "| --- | --- | --- | --- | --- | --- |",
            ]
            for incident in incidents {
                let number = incident["incident_number"]?.intValue.map(String.init) ?? ""
                let title = incident["title"]?.stringValue ?? ""
                let link = incident["html_url"]?.stringValue.map { "[\(Self.cell(title))](\($0))" } ?? Self.cell(title)
                let fields = [
                    number, link, incident["status"]?.stringValue ?? "", incident["urgency"]?.stringValue ?? "",
                    Self.cell(incident["service"]?["summary"]?.stringValue ?? ""),
                    incident["created_at"]?.stringValue ?? "",
                ]
                lines.append("| " + fields.joined(separator: " | ") + " |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` fit for a table cell: one line, `|` escaped.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|")
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
