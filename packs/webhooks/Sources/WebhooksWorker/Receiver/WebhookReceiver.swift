public import Foundation
public import Logging
public import StructuredData
import WorkerKit

/// The receiver's answer to one request.
public struct ReceiverAnswer: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// The JSON body.
    public var body: JSONValue
    /// Extra headers (`Retry-After`).
    public var headers: [String: String] = [:]
}

/// Turns a sender's request into at most one workflow run, in this order, refusing with nothing started at the
/// first check that fails: the source of the path (404), the sender's network (403), the source's rate (429), the
/// body size (413), the signature and its timestamp (401), a JSON body (400), the event id (400), the principal
/// (403: an event no configured principal maps to starts nothing), the accept conditions (202, ignored); a verified
/// `url_verification` challenge is answered when the source says `answer_challenge`. Then it
/// starts the run through the host with the idempotency key `webhooks:<source>:<event id>` and answers 201 with the
/// run id only after the host answered, so an event is either recorded by the host or the sender sees a failure
/// and retries; a redelivery gets the same run id, and concurrent copies of one delivery share one call to the host. A host failure answers 503 (or 422 when the host refused the
/// input), so the sender retries.
public struct WebhookReceiver: Sendable {
    /// The sources, by path.
    public let sources: [String: WebhookSource]
    let starter: any RunStarting
    let limiter = RateLimiter()
    let coalesced = CoalescedStarts()
    let logger: Logger

    /// A receiver.
    /// - Parameters:
    ///   - sources: The configured sources.
    ///   - starter: Starts runs on the host.
    ///   - logger: Where each decision is logged (source, event id, outcome; never a header value or a body).
    public init(
        sources: [WebhookSource],
        starter: any RunStarting,
        logger: Logger = Logger(label: "cordum.webhooks.receiver")
    ) {
        self.sources = Dictionary(sources.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.starter = starter
        self.logger = logger
    }

    /// Handles one request.
    /// - Parameters:
    ///   - path: The request path, without the query.
    ///   - headers: Header values by lowercase name.
    ///   - body: The raw body (the server reads at most the largest source limit plus one byte).
    ///   - remoteAddress: The peer's IP address, when known.
    ///   - now: The current time.
    public func handle(
        path: String,
        headers: [String: String],
        body: [UInt8],
        remoteAddress: String?,
        now: Date
    ) async -> ReceiverAnswer {
        guard let source = sources[path] else { return refuse(404, "not_found", "no webhook source at \(path)") }
        if !source.allowedNetworks.isEmpty {
            guard let remoteAddress, source.allowedNetworks.contains(where: { $0.contains(remoteAddress) }) else {
                return refuse(403, "forbidden", "the sender's address is not in the source's allowed networks", source)
            }
        }
        if let wait = limiter.take(source.id, perMinute: source.ratePerMinute, now: now.timeIntervalSince1970) {
            var answer = refuse(429, "rate_limited", "more than \(source.ratePerMinute) events a minute", source)
            answer.headers["Retry-After"] = String(wait)
            return answer
        }
        guard body.count <= source.maxBodyBytes else {
            return refuse(413, "too_large", "the body is larger than \(source.maxBodyBytes) bytes", source)
        }
        let header: (String) -> String? = { headers[$0.lowercased()] }
        do {
            _ = try source.verifier.verify(header: header, body: body, now: now)
        } catch {
            return refuse(401, "unauthenticated", error.message, source)
        }
        guard let json = try? JSONParser.parse(body, file: "body").value, case .object = json else {
            return refuse(400, "invalid_body", "the body is not a JSON object", source)
        }
        if source.answersChallenge, json["type"] == "url_verification", let challenge = json["challenge"]?.stringValue {
            return ReceiverAnswer(status: 200, body: ["challenge": .string(challenge)])
        }
        guard let eventID = source.eventID.text(headers: header, body: json), !eventID.isEmpty else {
            return refuse(400, "no_event_id", "the event has no id at \(source.eventID)", source)
        }
        guard let principal = source.principal(headers: header, body: json) else {
            return refuse(403, "unmapped_principal", "the event maps to no configured principal", source, eventID)
        }
        for (reference, expected) in source.accept
        where reference.text(headers: header, body: json) != expected {
            logger.info("webhook ignored", metadata: ["source": "\(source.id)", "event_id": "\(eventID)"])
            return ReceiverAnswer(
                status: 202,
                body: ["ignored": true, "reason": .string("\(reference) is not \(expected)")]
            )
        }
        var input: [String: JSONValue] = [:]
        for (name, reference) in source.input {
            if let value = reference.value(headers: header, body: json) { input[name] = value }
        }
        let key = "webhooks:\(source.id):\(eventID)"
        do {
            let runID = try await coalesced.start(
                starter,
                workflow: source.workflow,
                input: .object(input),
                idempotencyKey: key,
                apiKey: principal.apiKey,
                tenant: principal.tenant
            )
            logger.info(
                "webhook started a run",
                metadata: ["source": "\(source.id)", "event_id": "\(eventID)", "run_id": "\(runID)"]
            )
            return ReceiverAnswer(status: 201, body: ["run_id": .string(runID), "event_id": .string(eventID)])
        } catch {
            let status = (400..<500).contains(error.status) && error.status != 429 ? 422 : 503
            return refuse(
                status,
                status == 422 ? "run_refused" : "host_unavailable",
                error.description,
                source,
                eventID
            )
        }
    }

    func refuse(
        _ status: Int,
        _ code: String,
        _ message: String,
        _ source: WebhookSource? = nil,
        _ eventID: String? = nil
    ) -> ReceiverAnswer {
        logger.notice(
            "webhook refused",
            metadata: [
                "source": "\(source?.id ?? "-")", "event_id": "\(eventID ?? "-")", "status": "\(status)",
                "code": "\(code)",
            ]
        )
        return ReceiverAnswer(status: status, body: ["error": ["code": .string(code), "message": .string(message)]])
    }
}
