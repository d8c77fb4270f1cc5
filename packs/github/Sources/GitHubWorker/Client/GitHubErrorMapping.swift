import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

/// GitHub's rules for failed answers, on top of WorkerKit's shared mapping (``VendorErrorMapping``): a 403 with
/// `x-ratelimit-remaining: 0`, a `retry-after` or a "secondary rate limit" message is `rate_limited` (429 too),
/// with the reset time in the message; a 403 names the permissions GitHub says the action needs; on `pulls.merge`,
/// 409 is `github_head_changed` and 405 `github_not_mergeable`.
enum GitHubErrorMapping {
    /// GitHub's classifier.
    static let classifier = ResponseClassifier { response, call in
        let status = response.status
        let retryAfter = response.headers.first(name: "retry-after").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        let rate = RateLimitInfo(headers: response.headers)
        let secondary = call.vendorMessage?.lowercased().contains("secondary rate limit") ?? false
        if status == 429 || (status == 403 && (rate?.remaining == 0 || retryAfter != nil || secondary)) {
            return rateLimited(rate: rate, retryAfter: retryAfter, secondary: secondary, call: call)
        }
        switch status {
        case 403:
            let needed = response.headers.first(name: "x-accepted-github-permissions").map {
                "; the action needs the permissions \($0)"
            }
            return WorkerError(
                code: .forbidden,
                message:
                    "GitHub answered 403 Forbidden\(call.where)\(call.detail)\(needed ?? "; the credentials lack a permission for \(call.action)")."
            )
        case 405 where call.action == "pulls.merge":
            return WorkerError(
                code: .githubNotMergeable,
                message: "GitHub refused to merge (405)\(call.where)\(call.detail)."
            )
        case 409 where call.action == "pulls.merge":
            return WorkerError(
                code: .githubHeadChanged,
                message:
                    "GitHub refused to merge (409)\(call.where)\(call.detail); the pull request's head is no longer expected_head_sha, so the approved change is not what would be merged."
            )
        default:
            return nil
        }
    }

    /// The error for `failure` of `action`: GitHub's rules, then the shared mapping.
    /// - Parameters:
    ///   - failure: What ``VendorHTTPClient/call(_:logger:)`` threw.
    ///   - action: The action name.
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
        VendorErrorMapping(vendor: "GitHub", classifier: classifier, secrets: secrets)
            .error(failure, action: action, what: what, now: now)
    }

    private static func rateLimited(
        rate: RateLimitInfo?,
        retryAfter: Int?,
        secondary: Bool,
        call: ResponseClassifier.FailedCall
    ) -> WorkerError {
        let message: String
        let kind = secondary ? "secondary " : ""
        if let reset = rate?.resetDate, rate?.remaining == 0 {
            let seconds = max(Int(reset.timeIntervalSince(call.now).rounded(.up)), 0)
            let resource = rate?.resource.map { " for \($0)" } ?? ""
            let limit = rate?.limit.map { " (\($0) requests per window)" } ?? ""
            message =
                "GitHub's rate limit\(resource) is exhausted\(limit)\(call.where); it resets at \(VendorErrorMapping.iso(reset)) (in \(seconds) s)."
        } else if let retryAfter {
            let at = call.now.addingTimeInterval(TimeInterval(retryAfter))
            message =
                "GitHub's \(kind)rate limit applies\(call.where); retry after \(retryAfter) s (at \(VendorErrorMapping.iso(at)))."
        } else {
            message = "GitHub's \(kind)rate limit applies\(call.where); wait at least a minute before retrying."
        }
        return WorkerError(code: .rateLimited, message: message, retryable: true)
    }
}
