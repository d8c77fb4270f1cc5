public import StructuredData

/// How a vendor reports a long-running operation, for ``OperationPoller``: where to poll, and how a poll answer
/// says "still running", "succeeded" or "failed".
public struct OperationPolling: Sendable {
    /// Where the generic form finds the URL to poll.
    public enum StatusLocation: Sendable, Hashable {
        /// A header of the starting answer (`Operation-Location`, `Location`).
        case header(String)
        /// A dot path into the starting answer's JSON body (`selfLink`).
        case bodyField(String)
        /// A URL the pack builds itself.
        case url(String)
    }

    enum Style: Sendable, Hashable {
        case azure
        case google(operationsBaseURL: String)
        case status(StatusRules)
    }

    struct StatusRules: Sendable, Hashable {
        var location: StatusLocation
        var statusPath: String
        var succeeded: Set<String>
        var failed: Set<String>
        var errorPath: String?
        var resultPath: String?
    }

    let style: Style
    /// The vendor's word for it in messages (`Azure`, `Google`, `Tracker`).
    var label: String

    /// Azure Resource Manager: a 201 or 202 with `Azure-AsyncOperation` (polled until its `status` is `Succeeded`,
    /// `Failed` or `Canceled`; the result is then the resource itself, read again for PUT and PATCH, or the
    /// `Location` target for POST) or with `Location` only (polled while it answers 202; the first other success
    /// answer is the result). Each wait honours `Retry-After`. Any other answer is already the result.
    public static var azure: OperationPolling { OperationPolling(style: .azure, label: "Azure") }

    /// Google APIs (`google.longrunning.Operation`): an answer `{"name": …, "done": false}` is polled at
    /// `operationsBaseURL/name` until `done` is true; `error` ({code, message}) is a failure mapped from its gRPC
    /// code, else `response` is the result. An answer is an operation when it has a `name` and `done` false, or a
    /// `name` with `metadata` or an `operations/` name and no `done`; any other answer is already the result.
    /// - Parameter operationsBaseURL: The API's versioned base (`https://compute.example.googleapis.com/v1`).
    public static func google(operationsBaseURL: String) -> OperationPolling {
        let base = operationsBaseURL.hasSuffix("/") ? String(operationsBaseURL.dropLast()) : operationsBaseURL
        return OperationPolling(style: .google(operationsBaseURL: base), label: "Google")
    }

    /// Any vendor with a status resource: poll `location` until the string at `statusPath` is one of `succeeded`
    /// or `failed` (compared without case). The result is the value at `resultPath` of the last answer (else all
    /// of it); a failure's detail is the value at `errorPath` (its `message` when it is an object).
    /// - Parameters:
    ///   - vendor: The vendor's name for messages.
    ///   - location: Where the status URL is.
    ///   - statusPath: The dot path of the status (`status`).
    ///   - succeeded: Terminal success values (`succeeded`, `DONE`).
    ///   - failed: Terminal failure values (`failed`, `canceled`).
    ///   - errorPath: The dot path of the error (`error`).
    ///   - resultPath: The dot path of the result, if not the whole answer.
    public static func status(
        vendor: String,
        location: StatusLocation,
        statusPath: String = "status",
        succeeded: Set<String>,
        failed: Set<String>,
        errorPath: String? = "error",
        resultPath: String? = nil
    ) -> OperationPolling {
        OperationPolling(
            style: .status(
                StatusRules(
                    location: location,
                    statusPath: statusPath,
                    succeeded: Set(succeeded.map { $0.lowercased() }),
                    failed: Set(failed.map { $0.lowercased() }),
                    errorPath: errorPath,
                    resultPath: resultPath
                )
            ),
            label: vendor
        )
    }
}

/// The limits of ``OperationPoller``: polling stops with `timeout` when either is reached.
public struct OperationLimits: Sendable, Hashable {
    /// The longest the operation is waited for, from its start; default 10 minutes.
    public var maxDuration: Duration
    /// The most status requests; default 120.
    public var maxPolls: Int
    /// The first wait when the vendor sends no `Retry-After`; it doubles up to ``maxInterval``; default 2 s.
    public var interval: Duration
    /// The longest single wait, `Retry-After` included; default 60 s.
    public var maxInterval: Duration

    /// Limits.
    /// - Parameters:
    ///   - maxDuration: Default 10 minutes.
    ///   - maxPolls: Default 120.
    ///   - interval: Default 2 s.
    ///   - maxInterval: Default 60 s.
    public init(
        maxDuration: Duration = .seconds(600),
        maxPolls: Int = 120,
        interval: Duration = .seconds(2),
        maxInterval: Duration = .seconds(60)
    ) {
        self.maxDuration = maxDuration
        self.maxPolls = max(maxPolls, 1)
        self.interval = interval
        self.maxInterval = maxInterval
    }
}

/// A finished long-running operation.
public struct OperationOutcome: Sendable {
    /// The operation's name in messages: its `name`, or its status URL without query.
    public var name: String
    /// The last status the vendor reported (`Succeeded`, `done`), if it reports one.
    public var status: String?
    /// The operation's result (`null` when it has none, e.g. a delete).
    public var result: JSONValue
    /// Status requests made.
    public var polls: Int
    /// The vendor's last answer.
    public var last: VendorResponse
}
