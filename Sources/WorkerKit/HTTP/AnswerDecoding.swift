import NIOHTTP1
import StructuredData

/// How an answer's body becomes a value: XML (``XMLValueDecoder``) when its `Content-Type` says so, else JSON.
enum AnswerDecoding {
    /// The body's value; `null` when it is empty.
    /// - Parameters:
    ///   - body: The body.
    ///   - headers: The answer's headers (`Content-Type`).
    ///   - vendor: The vendor's name, for messages (`Tracker`, `The vendor`).
    ///   - requestID: The request id, for messages.
    ///   - xml: The XML decoder.
    static func value(
        _ body: [UInt8],
        headers: HTTPHeaders,
        vendor: String,
        requestID: String,
        xml: XMLValueDecoder = XMLValueDecoder()
    ) throws(WorkerError) -> JSONValue {
        guard !body.isEmpty else { return .null }
        if XMLValueDecoder.isXML(contentType: headers.first(name: "content-type")) {
            do {
                return try xml.decode(body)
            } catch {
                throw WorkerError(
                    code: .vendorError,
                    message: "\(vendor)'s answer (request id \(requestID)) \(error.description)."
                )
            }
        }
        do {
            return try JSONParser.parse(body, file: "response").value
        } catch {
            throw WorkerError(
                code: .vendorError,
                message: "\(vendor)'s answer (request id \(requestID)) is not JSON: \(error.code.rawValue)."
            )
        }
    }
}
