import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

/// Turns a failed GitHub call into the pack's error codes, with GitHub's message, request id and (for 422) its
/// `errors` list; never a credential.
enum GitHubErrorMapping {
    /// The error for `failure` of `action`.
    /// - Parameters:
    ///   - failure: What ``VendorHTTPClient/call(_:logger:)`` threw.
    ///   - action: The action name, for messages and the merge-specific codes.
    ///   - what: What was asked for (`GET /repos/…` without query), for messages.
    ///   - now: The current time, for rate-limit resets.
    ///   - secrets: Scrubbed from GitHub's texts.
    static func error(
        _ failure: VendorCallFailure,
        action: String,
        what: String,
        now: Date,
        secrets: SecretRegistry
    ) -> WorkerError {
        guard let response = failure.response else { return transportError(failure.error) }
        let status = response.status
        let requestID = response.headers.first(name: "x-github-request-id") ?? response.requestID
        let body = try? response.json()
        let githubMessage = body?["message"]?.stringValue.map { secrets.scrub(String($0.prefix(300))) }
        let detail = githubMessage.map { ": \($0)" } ?? ""
        let tail = " (\(what), request id \(requestID))"
        let retryAfter = response.headers.first(name: "retry-after").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let rate = RateLimitInfo(headers: response.headers)
        let secondary = githubMessage?.lowercased().contains("secondary rate limit") ?? false
        if status == 429 || (status == 403 && (rate?.remaining == 0 || retryAfter != nil || secondary)) {
            return rateLimited(rate: rate, retryAfter: retryAfter, secondary: secondary, now: now, tail: tail)
        }
        switch status {
        case 401:
            return WorkerError(
                code: .githubUnauthorized,
                message:
                    "GitHub answered 401 Unauthorized\(tail)\(detail); the profile's token or App credentials are missing, wrong, expired or revoked."
            )
        case 403:
            let needed = response.headers.first(name: "x-accepted-github-permissions").map {
                "; the action needs the permissions \($0)"
            }
            return WorkerError(
                code: .githubForbidden,
                message:
                    "GitHub answered 403 Forbidden\(tail)\(detail)\(needed ?? "; the credentials lack a permission for \(action)")."
            )
        case 404, 410:
            return WorkerError(
                code: .githubNotFound,
                message:
                    "GitHub answered \(status) Not Found\(tail)\(detail); the repository or object does not exist, or the credentials cannot see it."
            )
        case 405 where action == "pulls.merge":
            return WorkerError(
                code: .githubNotMergeable,
                message: "GitHub refused to merge (405)\(tail)\(detail)."
            )
        case 409 where action == "pulls.merge":
            return WorkerError(
                code: .githubHeadChanged,
                message:
                    "GitHub refused to merge (409)\(tail)\(detail); the pull request's head is no longer expected_head_sha, so the approved change is not what would be merged."
            )
        case 409:
            return WorkerError(code: .githubConflict, message: "GitHub answered 409 Conflict\(tail)\(detail).")
        case 422:
            var errors = ""
            if let list = body?["errors"], list != .null {
                let text = secrets.scrub(JSONEncoding.compact(list))
                errors = "; errors: " + (text.count > 1000 ? String(text.prefix(1000)) + "…" : text)
            }
            return WorkerError(
                code: .githubValidationFailed,
                message: "GitHub answered 422 Unprocessable Entity\(tail)\(detail)\(errors)."
            )
        case 500...599:
            return WorkerError(
                code: .githubUnavailable,
                message: "GitHub answered \(status)\(tail)\(detail) after \(response.attempts) tries; try again later.",
                retryable: status != 501 && status != 505
            )
        default:
            return WorkerError(code: .githubError, message: "GitHub answered \(status)\(tail)\(detail).")
        }
    }

    private static func rateLimited(
        rate: RateLimitInfo?,
        retryAfter: Int?,
        secondary: Bool,
        now: Date,
        tail: String
    ) -> WorkerError {
        let message: String
        if let reset = rate?.resetDate, rate?.remaining == 0 {
            let seconds = max(Int(reset.timeIntervalSince(now).rounded(.up)), 0)
            let resource = rate?.resource.map { " for \($0)" } ?? ""
            let limit = rate?.limit.map { " (\($0) requests per window)" } ?? ""
            message =
                "GitHub's rate limit\(resource) is exhausted\(limit)\(tail); it resets at \(iso(reset)) (in \(seconds) s)."
        } else if let retryAfter {
            let at = now.addingTimeInterval(TimeInterval(retryAfter))
            message =
                "GitHub's \(secondary ? "secondary " : "")rate limit applies\(tail); retry after \(retryAfter) s (at \(iso(at)))."
        } else {
            message =
                "GitHub's \(secondary ? "secondary " : "")rate limit applies\(tail); wait at least a minute before retrying."
        }
        return WorkerError(code: .githubRateLimited, message: message, retryable: true)
    }

    /// Failures without an answer: timeouts, unreachable hosts, bad answers, cancellation.
    static func transportError(_ error: WorkerError) -> WorkerError {
        let code: WorkerError.Code
        switch error.code {
        case .vendorTimeout: code = .githubTimeout
        case .vendorUnavailable: code = .githubUnavailable
        case .vendorError: code = .githubError
        default: return error
        }
        return WorkerError(code: code, message: error.message, retryable: error.retryable)
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
