public import Logging
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The transport to Jaeger's query API v3: the profile's credentials and TLS as ``CredentialTransport`` reads them,
/// plus two of Jaeger's answer rules. A search without results is Jaeger's `404 {"error": {"message": "No traces
/// found"}}`, which the worker reads as an empty `TracesData` (any other 404 stays `not_found`); and an answer may be
/// grpc-gateway's stream form, several `{"result": TracesData}` chunks one after another (an `{"error": …}` chunk
/// ends it), which the transport merges into one `{"result": {"resourceSpans": [...]}}`.
public struct JaegerTransport: CredentialTransportOverlay {
    /// The transport of the profiles.
    public var base: CredentialTransport

    /// A transport over `base`.
    /// - Parameter base: Profiles, credentials, TLS and Jaeger's error rules (``JaegerTransport/classifier``).
    public init(base: CredentialTransport) {
        self.base = base
    }

    /// The pack's code for Jaeger's "No traces found" 404, read as an empty answer before it reaches a job.
    static let noTraces = WorkerError.Code("opentelemetry_no_traces")

    /// Jaeger's rules for failed answers: the search's "No traces found".
    public static let classifier = ResponseClassifier { response, failure in
        guard response.status == 404,
            failure.body?["error"]?["message"]?.stringValue == "No traces found"
        else { return nil }
        return WorkerError(code: noTraces, message: "No traces found\(failure.where).")
    }

    public var vendor: String { "Jaeger" }

    public func send(
        _ request: VendorRequest,
        profile: CredentialProfile,
        action: String,
        logger: Logger
    ) async throws(WorkerError) -> ActionAnswer {
        var answer: ActionAnswer
        do {
            answer = try await base.send(request, profile: profile, action: action, logger: logger)
        } catch let error where error.code == Self.noTraces {
            return ActionAnswer(
                status: 404,
                headers: ["Content-Type": "application/json"],
                body: Array(#"{"result":{"resourceSpans":[]}}"#.utf8),
                requestID: ""
            )
        }
        if (try? JSONParser.parse(answer.body, file: "answer")) == nil, let merged = try Self.merged(answer.body) {
            answer.body = Array(JSONEncoding.compact(merged).utf8)
        }
        return answer
    }

    /// The chunks of a streamed answer merged into one, or `nil` when the body is not a stream of JSON objects.
    /// - Throws: `vendor_error` when a chunk is an error.
    static func merged(_ body: [UInt8]) throws(WorkerError) -> JSONValue? {
        guard let chunks = JSONStream.values(body), chunks.count > 1 else { return nil }
        var resourceSpans: [JSONValue] = []
        for chunk in chunks {
            if let error = chunk["error"] {
                let message = error["message"]?.stringValue ?? "an error"
                throw WorkerError(code: .vendorError, message: "Jaeger's answer stream ended with an error: \(message)")
            }
            resourceSpans += chunk["result"]?["resourceSpans"]?.arrayValue ?? []
        }
        return ["result": ["resourceSpans": .array(resourceSpans)]]
    }
}
