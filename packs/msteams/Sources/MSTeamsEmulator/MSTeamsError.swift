import EmulatorKit
import StructuredData

/// A Graph (or Entra ID) error answer: `{"error": {"code", "message", "innerError"}}` with its status, as Graph
/// writes them; the token endpoint's OAuth errors are `{"error", "error_description"}`.
struct MSTeamsError: Error, EmulatorResponseError {
    var status: Int
    var code: String
    var message: String
    var oauth = false
    var headers: [String: String] = [:]

    var response: EmulatorResponse {
        if oauth {
            return .json(["error": .string(code), "error_description": .string(message)], status: status)
        }
        return .json(
            [
                "error": [
                    "code": .string(code), "message": .string(message),
                    "innerError": ["request-id": .string(RequestID.current ?? ""), "date": "2026-12-07T00:00:00"],
                ]
            ],
            status: status,
            headers: headers
        )
    }

    static func notFound(_ what: String) -> MSTeamsError {
        MSTeamsError(status: 404, code: "NotFound", message: "\(what) was not found.")
    }

    static func badRequest(_ message: String) -> MSTeamsError {
        MSTeamsError(status: 400, code: "BadRequest", message: message)
    }
}
