import StructuredData

extension ActionRuntime {
    /// The topic, the input's `action`, the job's capability and its risk tags must all agree with `action`.
    func checkIntent(_ action: Action, context: JobContext, input: JSONValue) throws(WorkerError) {
        if context.topic != action.topic {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job's topic \"\(context.topic)\" does not match the action \(action.name) (\(action.topic))."
            )
        }
        if let named = input["action"], named != .null, named.stringValue != action.name {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The input names action \(JSONEncoding.compact(named)), but the topic \(action.topic) runs \(action.name); send each action on its own topic."
            )
        }
        if !context.capability.isEmpty, context.capability != action.capability {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job declares capability \"\(context.capability)\", but the topic \(action.topic) is capability \(action.capability)."
            )
        }
        let tags = Set(context.riskTags.map { $0.lowercased() })
        let declared = context.riskTags.joined(separator: ", ")
        if action.isWrite, tags.contains("read"), !tags.contains("write") {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job declares risk tags [\(declared)], but \(action.name) is a write action; its topic's risk tags include write."
            )
        }
        if !action.isWrite, tags.contains("write"), !tags.contains("read") {
            throw WorkerError(
                code: .invalidInput,
                message: "The job declares risk tags [\(declared)], but \(action.name) is a read action."
            )
        }
    }

    /// `ALLOW_ACTIONS`/`DENY_ACTIONS` and the profile's lists; actions enabled by exact name must be named.
    func checkAction(_ action: Action, profile: Transport.Profile) throws(WorkerError) {
        try settings.checkAction(action.name, profile: profile.vendorProfile)
        guard case .byExactName(let reason) = action.enabling else { return }
        let named =
            settings.actions.allow.contains { $0.pattern == action.name }
            || profile.vendorProfile.accessList("actions").allow.contains { $0.pattern == action.name }
        guard named else {
            throw WorkerError(
                code: .actionNotAllowed,
                message:
                    "\(action.name) is a \(reason) action the worker refuses unless enabled by name: add \"\(action.name)\" to \(settings.variablePrefix)ALLOW_ACTIONS or to allow_actions of profile \"\(profile.name)\" (a glob such as * does not enable it)."
            )
        }
    }

    /// Every resource against the settings' and the profile's lists; none named while a list restricts is refused
    /// when the resource says so.
    func checkResources(
        _ values: [String],
        of resource: ActionResource,
        action: Action,
        profile: Transport.Profile
    ) throws(WorkerError) {
        if values.isEmpty, let how = resource.mustNameWhenRestricted,
            settings.restrictsResource(resource.list, profile: profile.vendorProfile)
        {
            let lower = resource.list.lowercased()
            let upper = resource.list.uppercased()
            throw WorkerError(
                code: .resourceNotAllowed,
                message:
                    "\(action.name) must name each \(resource.noun) it touches (\(how)) while \(settings.variablePrefix)ALLOWED_\(upper), \(settings.variablePrefix)DENIED_\(upper) or the profile's allowed_\(lower)/denied_\(lower) apply."
            )
        }
        for value in values {
            try settings.checkResource(
                resource.list,
                value,
                profile: profile.vendorProfile,
                noun: resource.noun,
                caseInsensitive: resource.caseInsensitive
            )
        }
    }
}
