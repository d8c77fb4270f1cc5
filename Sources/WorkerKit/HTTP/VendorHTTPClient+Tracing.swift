import Foundation
import NIOHTTP1
import Telemetry
import Tracing

extension VendorHTTPClient {
    /// A CLIENT span for one vendor call (all its attempts) under the job's span: the method, the vendor, the host
    /// and the path — never the query, user info or headers, which may carry credentials.
    func startSpan(for request: VendorRequest, in scope: TraceScope) -> any Span {
        let method = request.method.rawValue
        let span = scope.tracer.startSpan(
            "\(method) \(vendor)",
            context: scope.context,
            ofKind: .client,
            at: DefaultTracerClock.now,
            function: #function,
            file: #fileID,
            line: #line
        )
        span.attributes["http.request.method"] = method
        span.attributes["cordum.vendor"] = vendor
        let url = HeaderRedaction.redacted(url: request.url, secrets: secrets)
        if let components = URLComponents(string: url) {
            if let host = components.host { span.attributes["server.address"] = host }
            if let port = components.port { span.attributes["server.port"] = port }
            span.attributes["url.path"] = components.path
        }
        return span
    }
}
