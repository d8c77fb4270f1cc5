import StructuredData

/// Who may decide approvals from a chat: each chat user (a Slack `U…`, optionally `T…:U…` for one workspace; an
/// Entra object id, optionally `<tenant id>:<object id>`) mapped to a Cordum principal. Users not in the map are
/// refused; an empty map refuses everyone.
///
/// Configured with `CORDUM_<PACK>_APPROVERS`: a JSON object `{"U0ALICE": "alice@example.com", "T0DEMO000:U0BOB":
/// "bob"}`.
public struct ApprovalPrincipals: Sendable, Hashable {
    /// User (or `team:user`) → principal.
    public var principals: [String: String]

    /// A map.
    public init(_ principals: [String: String]) {
        self.principals = principals
    }

    /// Reads `variable` (`CORDUM_<PACK>_APPROVERS`).
    /// - Throws: ``ConfigurationError`` naming the variable when it is not a JSON object of strings.
    public init(environment: [String: String], variable: String) throws(ConfigurationError) {
        guard let text = environment[variable], !text.isEmpty else {
            self.init([:])
            return
        }
        guard let value = try? JSONParser.parse(text), case .object(let members) = value else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: variable,
                message:
                    "\(variable) must be a JSON object of user ids to principals, e.g. {\"U0ALICE\": \"alice\"}."
            )
        }
        var principals: [String: String] = [:]
        for (user, principal) in members {
            guard let name = principal.stringValue, !name.isEmpty, !user.isEmpty else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: variable,
                    message: "\(variable): the principal of \"\(user)\" must be a non-empty string."
                )
            }
            principals[user] = name
        }
        self.init(principals)
    }

    /// The principal of a user of a team (workspace, tenant), if mapped (the `team:user` entry wins over the plain user).
    public func principal(user: String, team: String?) -> String? {
        if let team, let principal = principals["\(team):\(user)"] { return principal }
        return principals[user]
    }
}
