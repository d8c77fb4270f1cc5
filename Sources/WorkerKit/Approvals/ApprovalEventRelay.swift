public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import StructuredData

/// What posts pending approvals to a chat and updates them once decided (the slack pack's `SlackApprovalNotifier`,
/// the msteams pack's `TeamsApprovalNotifier`).
public protocol ApprovalNotifying: Sendable {
    /// What identifies a posted message (channel and message id).
    associatedtype Posted: Sendable
    /// Posts `approval` with its Approve / Reject buttons.
    func post(_ approval: PendingApproval, logger: Logger) async throws -> Posted
    /// Replaces the message `posted` with the outcome of `decision` (no buttons left).
    func update(_ posted: Posted, decision: ApprovalDecision, approval: String, logger: Logger) async throws
}

/// Follows the host's approval events and mirrors them in a chat: `approval.requested` posts the pending approval
/// with its buttons (an ``ApprovalNotifying``); `approval.granted`, `approval.rejected` and `approval.expired`
/// replace that message with the outcome and who decided — whether the button decided or someone elsewhere.
///
/// Which message belongs to which approval is kept in memory: after a restart, the stream resumes from the last
/// event id seen by this process only, and approvals posted before the restart are not updated any more.
///
/// The stream is `GET /api/v1/events?type=approval.*` (Server-Sent Events, docs/events.md), read here over
/// AsyncHTTPClient because the worker does not link the host's own client (`PackHost`); the parsing is the few
/// lines of SSE the host sends (`id:`, `event:`, `data:` lines, blank-line separated).
public actor ApprovalEventRelay<Notifier: ApprovalNotifying> {
    let notifier: Notifier
    let settings: ApprovalHostSettings
    let http: HTTPClient
    let logger: Logger
    var posted: [String: Notifier.Posted] = [:]
    /// The id of the last event handled (the stream resumes after it).
    public private(set) var lastEventID: Int64?

    /// A relay.
    /// - Parameters:
    ///   - notifier: Posts and updates the messages.
    ///   - settings: The host (its URL, tenant and API key).
    ///   - http: The HTTP client of the stream (default: the shared one).
    ///   - logger: Where failures are logged (never a key or secret).
    public init(
        notifier: Notifier,
        settings: ApprovalHostSettings,
        http: HTTPClient = .shared,
        logger: Logger
    ) {
        self.notifier = notifier
        self.settings = settings
        self.http = http
        self.logger = logger
    }

    /// The message posted for `approval`, if any.
    public func message(of approval: String) -> Notifier.Posted? { posted[approval] }

    /// Mirrors one event (the stream's JSON) in the chat; events of other types are ignored.
    public func handle(event: JSONValue) async {
        if let id = event["id"]?.intValue { lastEventID = Int64(id) }
        guard let type = event["type"]?.stringValue, type.hasPrefix("approval.") else { return }
        let data = event["data"] ?? [:]
        guard let approval = data["approval_id"]?.stringValue ?? event["subject"]?.stringValue else { return }
        do {
            switch type {
            case "approval.requested":
                guard posted[approval] == nil, let pending = PendingApproval(event: event) else { return }
                posted[approval] = try await notifier.post(pending, logger: logger)
            case "approval.granted", "approval.rejected", "approval.expired":
                guard let message = posted[approval] else { return }
                let outcome =
                    switch type {
                    case "approval.granted": "approved"
                    case "approval.rejected": "rejected"
                    default: "expired"
                    }
                let grants = data["grants"]?.arrayValue ?? []
                let who =
                    (type == "approval.granted" ? grants.last?["principal"]?.stringValue : nil)
                    ?? event["principal"]?.stringValue ?? "the host"
                try await notifier.update(
                    message,
                    decision: ApprovalDecision(outcome: outcome, principal: who),
                    approval: approval,
                    logger: logger
                )
                if type != "approval.granted" || grants.count >= (data["required_approvals"]?.intValue ?? 1) {
                    posted[approval] = nil
                }
            default:
                return
            }
        } catch {
            logger.warning(
                "could not mirror an approval event in the chat",
                metadata: ["approval": "\(approval)", "type": "\(type)", "error": "\(error)"]
            )
        }
    }

    /// Follows the host's approval events until cancelled, reconnecting (from the last event id) after a pause
    /// when the host cuts the stream or cannot be reached.
    /// - Parameter from: The event id to resume after (nil: live events only, `0`: everything the host kept).
    public func run(from: Int64? = nil) async {
        if lastEventID == nil { lastEventID = from }
        var pause: Duration = .seconds(1)
        while !Task.isCancelled {
            do {
                try await follow()
                pause = .seconds(1)
            } catch {
                if Task.isCancelled { return }
                logger.warning("the host's event stream failed; reconnecting", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .seconds(30))
        }
    }

    func follow() async throws {
        guard let apiKey = settings.apiKey else { return }
        var request = HTTPClientRequest(url: settings.apiRoot + "/events?type=approval.*")
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Tenant-ID", value: settings.tenant)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await http.execute(request, deadline: .distantFuture)
        guard response.status == .ok else {
            throw StreamRefused(status: Int(response.status.code))
        }
        var pending = ""
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let range = pending.range(of: "\n\n") {
                let block = pending[..<range.lowerBound]
                pending = String(pending[range.upperBound...])
                var name: String?
                var data = ""
                for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                    if line.hasPrefix("event: ") { name = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                }
                guard !data.isEmpty, name != "close", let json = try? JSONParser.parse(data) else { continue }
                await handle(event: json)
            }
        }
    }

    /// The host refused the stream.
    struct StreamRefused: Error, CustomStringConvertible {
        var status: Int
        var description: String { "GET /api/v1/events answered \(status)" }
    }
}
