public import StructuredData

/// JSON Merge Patch (RFC 7396), the `json_merge_patch` strategy of config overlays, and its inverse as the host
/// uses it to remove an overlay again.
public enum JSONMergePatch {
    /// Applies `patch` to `target` as RFC 7396 says: an object patch merges key by key (a `null` member deletes
    /// the key, an object member recurses, treating a non-object target as `{}`); any other patch replaces the
    /// target whole.
    /// - Parameters:
    ///   - patch: the patch.
    ///   - target: the value patched; `nil` when absent.
    /// - Returns: the patched value.
    public static func apply(_ patch: JSONValue, to target: JSONValue?) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = target?.objectValue ?? [:]
        for (key, value) in members {
            if value.isNull {
                result.removeValue(forKey: key)
            } else {
                result[key] = apply(value, to: result[key])
            }
        }
        return .object(result)
    }

    /// Cordum's delete patch for an applied patch: the same shape with every non-object leaf replaced by `null`.
    /// Applying it removes the leaves the patch set, but leaves their (now empty) parent objects behind.
    public static func deletePatch(for patch: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return .null }
        return .object(members.mapValues { deletePatch(for: $0) })
    }

    /// Removes what `patch` set from `target`: every leaf the patch names is deleted, and every object on the
    /// patch's paths that becomes empty is deleted too, so an uninstall leaves no `{}` behind. Objects the patch
    /// does not name are left exactly as they are, empty or not.
    /// - Parameters:
    ///   - patch: the patch that was applied.
    ///   - target: the current value.
    /// - Returns: the value without the patch's keys; `nil` when nothing is left of a value the patch set.
    public static func remove(_ patch: JSONValue, from target: JSONValue?) -> JSONValue? {
        guard case .object(let members) = patch else { return nil }
        guard case .object(var result)? = target else { return target }
        for (key, value) in members {
            guard let current = result[key] else { continue }
            if case .object = value, case .object = current {
                if let remaining = remove(value, from: current), remaining != .object([:]) {
                    result[key] = remaining
                } else {
                    result.removeValue(forKey: key)
                }
            } else {
                result.removeValue(forKey: key)
            }
        }
        return .object(result)
    }
}
