import StructuredData

extension ActionRuntime {
    /// The page and item limits of one list job. For each: the job's input (`max_pages`, `max_items`) when it
    /// gives one, else the profile's setting of the same name, else the action's ``PageLimits``, else the runtime's
    /// default; never above the profile's setting nor the runtime's limit (``maxPagesLimit``, ``maxItemsLimit``),
    /// never below 1.
    /// - Parameters:
    ///   - action: The action.
    ///   - input: The job input.
    ///   - profile: The job's profile.
    /// - Throws: `handler_failed` when the profile's `max_pages` or `max_items` is not a whole number of 1 or more.
    func pageLimits(
        _ action: Action,
        input: JSONValue,
        profile: Transport.Profile
    ) throws(WorkerError) -> (pages: Int, items: Int) {
        let vendorProfile = profile.vendorProfile
        let profilePages = try profileLimit("max_pages", of: vendorProfile)
        let profileItems = try profileLimit("max_items", of: vendorProfile)
        let pages =
            input["max_pages"]?.intValue ?? profilePages ?? action.pageLimits.maxPages ?? defaultMaxPages
        let items =
            input["max_items"]?.intValue ?? profileItems ?? action.pageLimits.maxItems ?? defaultMaxItems
        return (
            min(max(pages, 1), profilePages ?? .max, maxPagesLimit),
            min(max(items, 1), profileItems ?? .max, maxItemsLimit)
        )
    }

    /// The profile's limit `key` (a whole number, or text of one), `nil` when it sets none.
    private func profileLimit(_ key: String, of profile: VendorProfile) throws(WorkerError) -> Int? {
        guard let value = profile.settings[key], value != .null else { return nil }
        let number = value.intValue ?? value.stringValue.flatMap { Int($0.trimmingBlanks()) }
        guard let number, number >= 1 else {
            throw WorkerError(
                code: .handlerFailed,
                message:
                    "Profile \"\(profile.name)\" sets \(key) to \(JSONEncoding.compact(value)) in \(settings.variablePrefix)PROFILES; it must be a whole number of 1 or more."
            )
        }
        return number
    }
}
