import NIOHTTP1
public import StructuredData

/// The plan of a dry run: the exact request a write would send — method, URL, headers and body — with the
/// credentials left out and only their kind named.
public enum DryRunPlan {
    /// `{"method","url","headers","body"?,"auth"}` for `request`.
    /// - Parameters:
    ///   - request: The request as it would be sent, before credentials are added.
    ///   - body: The JSON body, if any.
    ///   - authKind: The kind of credential (`token`, `app`, …).
    ///   - secrets: Scrubbed from header values.
    public static func json(
        _ request: VendorRequest,
        body: JSONValue?,
        authKind: String,
        secrets: SecretRegistry
    ) -> JSONValue {
        var headers: [String: JSONValue] = [:]
        for (name, value) in request.headers where !HeaderRedaction.isSensitive(name) {
            headers[name] = .string(secrets.scrub(value))
        }
        var plan: [String: JSONValue] = [
            "method": .string(request.method.rawValue),
            "url": .string(request.url),
            "headers": .object(headers),
            "auth": .string(authKind),
        ]
        if let body { plan["body"] = body }
        return .object(plan)
    }
}
