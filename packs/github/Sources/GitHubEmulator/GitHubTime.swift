import Foundation

/// Timestamps as GitHub writes them (`2026-11-25T17:50:47Z`).
enum GitHubTime {
    static func format(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds.rounded(.down)).formatted(.iso8601)
    }

    static func parse(_ text: String) -> Double? {
        (try? Date(text, strategy: .iso8601))?.timeIntervalSince1970
    }
}
