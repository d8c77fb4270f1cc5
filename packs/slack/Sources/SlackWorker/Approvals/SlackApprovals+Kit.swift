public import WorkerKit

/// The host settings of Slack approvals: WorkerKit's, read from `CORDUM_SLACK_HOST_*`.
public typealias SlackHostSettings = ApprovalHostSettings

/// Mirrors the host's approval events in Slack: WorkerKit's relay over ``SlackApprovalNotifier``.
public typealias SlackApprovalRelay = ApprovalEventRelay<SlackApprovalNotifier>

extension ApprovalHostSettings {
    /// Reads `CORDUM_SLACK_HOST_*` (integration id `slack` unless set), or nil when `CORDUM_SLACK_HOST_URL` is not
    /// set.
    /// - Throws: ``ConfigurationError`` naming the variable at fault.
    public static func fromEnvironment(
        _ environment: [String: String],
        secrets: SecretRegistry = SecretRegistry()
    ) throws(ConfigurationError) -> ApprovalHostSettings? {
        try fromEnvironment(environment, packID: SlackConfiguration.packID, vendor: "Slack", secrets: secrets)
    }
}

extension ApprovalPrincipals {
    /// Reads `CORDUM_SLACK_APPROVERS`: Slack user ids (or `T…:U…`) to principals.
    /// - Throws: ``ConfigurationError`` naming the variable when it is not a JSON object of strings.
    public init(environment: [String: String]) throws(ConfigurationError) {
        try self.init(environment: environment, variable: "CORDUM_SLACK_APPROVERS")
    }
}
