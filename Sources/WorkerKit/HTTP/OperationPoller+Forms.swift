import Foundation
import NIOHTTP1
import StructuredData

extension OperationPoller {
    /// How polls of one operation are read.
    enum Mode {
        /// Azure's `Azure-AsyncOperation` status resource.
        case azureStatus
        /// Azure's `Location`: 202 while running.
        case azureLocation
        /// A Google operation.
        case google
        /// The generic status form.
        case status(OperationPolling.StatusRules)
    }

    /// An operation being polled.
    struct Tracked {
        var name: String
        var url: String
        var mode: Mode
        /// Read once after success for the result (Azure PUT, PATCH, POST with `Location`).
        var finalURL: String?
    }

    /// The operation `started` began, or `nil` when the answer is already the result.
    func track(_ started: VendorResponse, request: VendorRequest) throws(WorkerError) -> Tracked? {
        switch polling.style {
        case .azure:
            let location = started.headers.first(name: "location")
            guard [201, 202].contains(started.status) else { return nil }
            if let status = started.headers.first(name: "azure-asyncoperation") {
                let url = try onOrigin(status, of: request)
                var final: String? = nil
                if request.method == .PUT || request.method == .PATCH {
                    final = request.url
                } else if request.method == .POST, let location {
                    final = try onOrigin(location, of: request)
                }
                return Tracked(name: displayName(url), url: url, mode: .azureStatus, finalURL: final)
            }
            guard started.status == 202, let location else { return nil }
            let url = try onOrigin(location, of: request)
            return Tracked(name: displayName(url), url: url, mode: .azureLocation, finalURL: nil)
        case .google(let base):
            let body = try started.value()
            guard let name = body["name"]?.stringValue else { return nil }
            switch body["done"] {
            case .bool(false)?: break
            case nil where body["metadata"] != nil || name.contains("operations/"): break
            default: return nil
            }
            let url = try onOrigin(base + "/" + URLEncoding.path(name), of: request)
            return Tracked(name: name, url: url, mode: .google, finalURL: nil)
        case .status(let rules):
            let target: String?
            switch rules.location {
            case .header(let header): target = started.headers.first(name: header)
            case .bodyField(let path): target = AnswerField.value(try started.value(), path)?.stringValue
            case .url(let url): target = url
            }
            guard let target else { return nil }
            let url = try onOrigin(target, of: request)
            return Tracked(name: displayName(url), url: url, mode: .status(rules), finalURL: nil)
        }
    }

    /// What `answer` says about the operation.
    func state(of answer: VendorResponse, mode: Mode, name: String) throws(WorkerError) -> State {
        switch mode {
        case .azureLocation:
            if answer.status == 202 { return .running(status: nil) }
            return .succeeded(status: nil, result: try answer.value())
        case .azureStatus:
            let body = try answer.value()
            guard let status = body["status"]?.stringValue else { throw notStatus(answer, name: name, "status") }
            switch status.lowercased() {
            case "succeeded": return .succeeded(status: status, result: body)
            case "failed", "canceled", "cancelled":
                return .failed(status: status, code: .vendorError, detail: Self.errorText(body["error"]))
            default: return .running(status: status)
            }
        case .google:
            let body = try answer.value()
            guard let done = body["done"]?.boolValue ?? (body["name"] != nil ? false : nil) else {
                throw notStatus(answer, name: name, "done")
            }
            guard done else { return .running(status: "done: false") }
            if let error = body["error"], error != .null {
                return .failed(
                    status: nil,
                    code: Self.googleCode(error["code"]?.intValue),
                    detail: Self.errorText(error)
                )
            }
            return .succeeded(status: "done", result: body["response"] ?? .null)
        case .status(let rules):
            let body = try answer.value()
            guard let status = AnswerField.value(body, rules.statusPath)?.stringValue else {
                throw notStatus(answer, name: name, rules.statusPath)
            }
            if rules.succeeded.contains(status.lowercased()) {
                let result = rules.resultPath.map { AnswerField.value(body, $0) ?? .null } ?? body
                return .succeeded(status: status, result: result)
            }
            if rules.failed.contains(status.lowercased()) {
                let error = rules.errorPath.flatMap { AnswerField.value(body, $0) }
                return .failed(status: status, code: .vendorError, detail: Self.errorText(error))
            }
            return .running(status: status)
        }
    }

    /// `url` resolved against the request's URL, if it keeps its origin.
    private func onOrigin(_ url: String, of request: VendorRequest) throws(WorkerError) -> String {
        guard let base = URL(string: request.url), let target = URL(string: url, relativeTo: base)?.absoluteURL,
            target.scheme == base.scheme, target.host == base.host, target.port == base.port
        else {
            throw WorkerError(
                code: .vendorError,
                message: secrets.scrub(
                    "The \(polling.label) operation's status URL \"\(HeaderRedaction.redacted(url: url, secrets: secrets))\" does not stay on the origin of \(HeaderRedaction.redacted(url: request.url, secrets: secrets)); the credentials are not sent there."
                )
            )
        }
        return target.absoluteString
    }

    private func displayName(_ url: String) -> String { HeaderRedaction.redacted(url: url, secrets: secrets) }

    private func notStatus(_ answer: VendorResponse, name: String, _ field: String) -> WorkerError {
        WorkerError(
            code: .vendorError,
            message: "\(describe(name)): a status answer (request id \(answer.requestID)) has no \"\(field)\"."
        )
    }

    /// An error value as text: its `code` and `message` when it is an object.
    static func errorText(_ error: JSONValue?) -> String {
        guard let error, error != .null else { return "the vendor gave no reason" }
        if let text = error.stringValue { return String(text.prefix(300)) }
        let code = error["code"].map { $0.stringValue ?? JSONEncoding.compact($0) }
        let message = error["message"]?.stringValue
        let parts = [code, message].compactMap { $0 }
        return parts.isEmpty
            ? String(JSONEncoding.compact(error).prefix(300)) : String(parts.joined(separator: ": ").prefix(300))
    }

    /// The shared code of a `google.rpc.Code`.
    static func googleCode(_ code: Int?) -> WorkerError.Code {
        switch code {
        case 3, 11: .validationFailed
        case 4: .timeout
        case 5: .notFound
        case 6, 9, 10: .conflict
        case 7: .forbidden
        case 8: .rateLimited
        case 14: .unavailable
        case 16: .unauthorized
        default: .vendorError
        }
    }
}
