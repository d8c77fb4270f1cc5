public import StructuredData

extension VendorSettings {
    /// The profile a job runs with: its `profile` input, else the default; with inline credentials from its
    /// `auth` input applied when `ALLOW_INLINE_AUTH` is on.
    ///
    /// Inline credentials are registered as secrets whether or not they are accepted, so they are scrubbed from
    /// everything the worker emits.
    /// - Parameter input: The job input (`{"profile": …, "action": …, "auth": {…}, …}`).
    /// - Throws: ``WorkerError`` `unknown_profile`, `profile_required` or `inline_auth_refused`, naming the
    ///   profile and the variable to set.
    public func resolveProfile(for input: JSONValue) throws(WorkerError) -> VendorProfile {
        var profile = try selectProfile(named: input.objectValue?["profile"]?.stringValue)
        guard let auth = input.objectValue?["auth"], auth != .null else { return profile }
        let inline = Self.credentialStrings(auth)
        inline.values.forEach(secrets.register)
        guard allowInlineAuth else {
            throw WorkerError(
                code: .inlineAuthRefused,
                message:
                    "The job carries credentials in \"auth\", which \(variablePrefix)ALLOW_INLINE_AUTH (default false) does not allow; configure them in a profile with token_env instead."
            )
        }
        profile.credentials.merge(inline) { _, new in new }
        return profile
    }

    /// The profile called `name`, or the default profile when `name` is `nil` or empty.
    /// - Throws: ``WorkerError`` `unknown_profile` or `profile_required`.
    public func selectProfile(named name: String?) throws(WorkerError) -> VendorProfile {
        let known = profileNames.map { "\"\($0)\"" }.joined(separator: ", ")
        if let name, !name.isEmpty {
            guard let profile = profiles[name] else {
                throw WorkerError(
                    code: .unknownProfile,
                    message: profiles.isEmpty
                        ? "The job asks for profile \"\(name)\", but no profile is configured; set \(variablePrefix)PROFILES."
                        : "The job asks for profile \"\(name)\", which \(variablePrefix)PROFILES does not define; configured: \(known)."
                )
            }
            return profile
        }
        guard let defaultName = defaultProfile, let profile = profiles[defaultName] else {
            throw WorkerError(
                code: .profileRequired,
                message: profiles.isEmpty
                    ? "No profile is configured; set \(variablePrefix)PROFILES, or \(variablePrefix)BASE_URL and \(variablePrefix)TOKEN."
                    : "The job names no profile and \(variablePrefix)DEFAULT_PROFILE is not set; pass \"profile\" as one of \(known)."
            )
        }
        return profile
    }

    /// Refuses an action the configuration (`ALLOW_ACTIONS`/`DENY_ACTIONS`) or the profile
    /// (`allow_actions`/`deny_actions`) does not permit.
    /// - Throws: ``WorkerError`` `action_not_allowed`, naming the rule that refused it.
    public func checkAction(_ action: String, profile: VendorProfile? = nil) throws(WorkerError) {
        try check(
            action,
            kind: "action",
            lists: [(actions, "\(variablePrefix)ALLOW_ACTIONS", "\(variablePrefix)DENY_ACTIONS")]
                + (profile.map {
                    [
                        (
                            $0.accessList("actions"), "allow_actions of profile \"\($0.name)\"",
                            "deny_actions of profile \"\($0.name)\""
                        )
                    ]
                }
                    ?? []),
            code: .actionNotAllowed
        )
    }

    /// Refuses a resource (repository, project, namespace, channel, …) that `ALLOWED_<KIND>`/`DENIED_<KIND>` or
    /// the profile's `allowed_<kind>`/`denied_<kind>` do not permit.
    /// - Parameters:
    ///   - kind: The resource kind as configured (`REPOS`, `PROJECTS`, …).
    ///   - value: The resource (`acme/api`).
    ///   - profile: The job's profile, whose own lists also apply.
    ///   - noun: What messages call the resource (`repository`); default the kind without its plural `s`.
    ///   - caseInsensitive: Whether patterns ignore letter case (for vendors whose names do).
    /// - Throws: ``WorkerError`` `resource_not_allowed`, naming the resource and the list that refused it.
    public func checkResource(
        _ kind: String,
        _ value: String,
        profile: VendorProfile? = nil,
        noun: String? = nil,
        caseInsensitive: Bool = false
    ) throws(WorkerError) {
        let upper = kind.uppercased()
        var lists: [(AccessList, String, String)] = []
        if let list = resources[upper] {
            lists.append((list, "\(variablePrefix)ALLOWED_\(upper)", "\(variablePrefix)DENIED_\(upper)"))
        }
        if let profile {
            let lower = kind.lowercased()
            lists.append(
                (
                    profile.accessList(lower), "allowed_\(lower) of profile \"\(profile.name)\"",
                    "denied_\(lower) of profile \"\(profile.name)\""
                )
            )
        }
        if caseInsensitive {
            lists = lists.map { list, allowName, denyName in
                (
                    AccessList(
                        allow: list.allow.map(\.pattern),
                        deny: list.deny.map(\.pattern),
                        caseInsensitive: true
                    ), allowName, denyName
                )
            }
        }
        try check(value, kind: noun ?? lower(kind), lists: lists, code: .resourceNotAllowed)
    }

    /// Whether any resource list of `kind` (the settings' or the profile's) restricts something.
    public func restrictsResource(_ kind: String, profile: VendorProfile? = nil) -> Bool {
        let lists = [resources[kind.uppercased()], profile?.accessList(kind.lowercased())]
        return lists.contains { list in list.map { !$0.allow.isEmpty || !$0.deny.isEmpty } ?? false }
    }

    private func lower(_ kind: String) -> String {
        let text = kind.lowercased()
        return text.hasSuffix("s") ? String(text.dropLast()) : text
    }

    private func check(
        _ value: String,
        kind: String,
        lists: [(AccessList, String, String)],
        code: WorkerError.Code
    ) throws(WorkerError) {
        for (list, allowName, denyName) in lists {
            switch list.check(value) {
            case .allowed: continue
            case .denied(let pattern):
                throw WorkerError(
                    code: code,
                    message: "The \(kind) \"\(value)\" is denied by \"\(pattern)\" in \(denyName)."
                )
            case .notAllowed:
                throw WorkerError(
                    code: code,
                    message:
                        "The \(kind) \"\(value)\" matches no pattern in \(allowName) (\(list.allow.map(\.pattern).joined(separator: ", ")))."
                )
            }
        }
    }

    /// The string fields of an inline `auth` value (a token string, or an object of credentials).
    private static func credentialStrings(_ auth: JSONValue) -> [String: String] {
        switch auth {
        case .string(let token): return ["token": token]
        case .object(let members):
            return members.compactMapValues { $0.stringValue }.filter { !$0.value.isEmpty }
        default: return [:]
        }
    }
}
