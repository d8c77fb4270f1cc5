import EmulatorKit
import StructuredData

/// A refusal in Datadog's shape: the status and `{"errors": ["…"]}`.
struct DatadogError: Error, EmulatorResponseError {
    var status: Int
    var messages: [String]

    init(_ status: Int, _ messages: String...) {
        self.status = status
        self.messages = messages
    }

    var response: EmulatorResponse {
        .json(["errors": .array(messages.map(JSONValue.string))], status: status)
    }

    static let forbidden = DatadogError(403, "Forbidden")
    static func notFound(_ what: String) -> DatadogError { DatadogError(404, "\(what) not found") }
    static func badRequest(_ message: String) -> DatadogError { DatadogError(400, message) }
}
