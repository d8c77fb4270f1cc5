public import StructuredData

/// How JSON-RPC 2.0 error answers map to the shared error codes, for every JSON-RPC peer a worker talks to (a child
/// over stdio through ``SupervisedProcess``, or a server over HTTP): the specification's invalid-request and
/// invalid-params errors are the caller's (`validation_failed`); a protocol adds its own codes (MCP's -32002, a
/// resource not found); anything else is `vendor_error`.
public struct JSONRPCErrors: Sendable, Hashable {
    /// The protocol's own codes, checked before the specification's.
    public var codes: [Int: WorkerError.Code]

    /// A mapping.
    /// - Parameter codes: The protocol's own codes (`[-32002: .notFound]` for MCP); default none.
    public init(_ codes: [Int: WorkerError.Code] = [:]) {
        self.codes = codes
    }

    /// The shared code of a JSON-RPC error code.
    public func code(for rpcCode: Int?) -> WorkerError.Code {
        guard let rpcCode else { return .vendorError }
        if let own = codes[rpcCode] { return own }
        switch rpcCode {
        case -32600, -32602: return .validationFailed
        default: return .vendorError
        }
    }

    /// The error for a JSON-RPC `error` member: its shared code, and a message naming the peer, the method and the
    /// peer's own code and words (scrubbed of `secrets`).
    /// - Parameters:
    ///   - error: The `error` member of the answer.
    ///   - peer: Who answered, for the message.
    ///   - method: The method asked, if known.
    ///   - secrets: Scrubbed from the peer's words, when given.
    public func error(
        _ error: JSONValue,
        peer: String,
        method: String? = nil,
        secrets: SecretRegistry? = nil
    ) -> WorkerError {
        let rpcCode = error["code"]?.intValue
        let words = error["message"]?.stringValue ?? JSONEncoding.compact(error)
        let text = secrets?.scrub(words) ?? words
        let asked = method.map { " \($0)" } ?? ""
        return WorkerError(
            code: code(for: rpcCode),
            message: "\(peer) answered\(asked) with error \(rpcCode.map(String.init) ?? "?"): \(text)"
        )
    }
}
