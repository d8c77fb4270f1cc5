public import StructuredData

/// Cordum's installer checks on a manifest (`validatePackManifest` and `ensureProtocolCompatible`), with
/// Cordum's messages, plus the core-version parsing that only `cordumctl` does. Unlike Cordum, every problem is
/// reported, not only the first.
public enum InstallerRules {
    /// The pack id pattern, `^[a-z0-9-]+$`.
    public static func isValidPackID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }

    /// Checks a manifest.
    /// - Parameters:
    ///   - manifest: the decoded manifest.
    ///   - document: its document, for locations.
    /// - Returns: every rule the manifest breaks.
    public static func check(_ manifest: PackManifest, document: Document) -> [PackFormatError] {
        var errors: [PackFormatError] = []
        func add(_ code: PackFormatError.Code, _ pointer: String, _ message: String, hint: String? = nil) {
            errors.append(
                PackFormatError(
                    code: code,
                    location: document.location(of: pointer),
                    field: JSONPointer.fieldPath(pointer),
                    message: message,
                    hint: hint
                )
            )
        }
        let id = manifest.metadata.id
        if id.isEmpty {
            add(.missingField, "/metadata/id", "metadata.id required", hint: "a lowercase id such as \"github\"")
        } else if !isValidPackID(id) {
            add(
                .invalidPackID,
                "/metadata/id",
                "metadata.id must match ^[a-z0-9-]+$",
                hint: "found \"\(id)\"; use lowercase letters, digits and hyphens"
            )
        }
        if manifest.metadata.version.isEmpty {
            add(
                .missingField,
                "/metadata/version",
                "metadata.version required",
                hint: "a semver string such as \"0.1.0\""
            )
        }
        for (field, value) in [
            ("minCoreVersion", manifest.compatibility.minCoreVersion),
            ("maxCoreVersion", manifest.compatibility.maxCoreVersion),
        ] {
            guard let value, !value.trimmingSpaces.isEmpty, CoreVersion(value) == nil else { continue }
            add(
                .invalidCoreVersion,
                "/compatibility/\(field)",
                "compatibility.\(field) must be semver: \"\(value)\"",
                hint: "MAJOR.MINOR[.PATCH] with an optional -prerelease, such as \"0.1.0\""
            )
        }
        // Namespace checks depend on a usable id; with a bad id they would only repeat that one problem.
        let namespaced = isValidPackID(id)
        for (index, topic) in manifest.topics.enumerated() {
            let pointer = "/topics/\(index)/name"
            if topic.name.isEmpty {
                add(.missingField, pointer, "topic name required", hint: "job.\(id).<action>")
            } else if namespaced, !topic.name.hasPrefix("job.\(id).") {
                add(
                    .notNamespaced,
                    pointer,
                    "topic \"\(topic.name)\" must be namespaced under job.\(id).*",
                    hint: "rename it job.\(id).<action>"
                )
            }
        }
        for (index, schema) in manifest.resources.schemas.enumerated() {
            let pointer = "/resources/schemas/\(index)"
            if schema.id.isEmpty || schema.path.isEmpty {
                add(.missingField, pointer, "schema id and path required")
            } else if namespaced, !schema.id.hasPrefix("\(id)/") {
                add(
                    .notNamespaced,
                    pointer + "/id",
                    "schema id \"\(schema.id)\" must be namespaced under \(id)/",
                    hint: "rename it \(id)/<Name>"
                )
            }
        }
        for (index, workflow) in manifest.resources.workflows.enumerated() {
            let pointer = "/resources/workflows/\(index)"
            if workflow.id.isEmpty || workflow.path.isEmpty {
                add(.missingField, pointer, "workflow id and path required")
            } else if namespaced, !workflow.id.hasPrefix("\(id).") {
                add(
                    .notNamespaced,
                    pointer + "/id",
                    "workflow id \"\(workflow.id)\" must be namespaced under \(id).",
                    hint: "rename it \(id).<name>"
                )
            }
        }
        switch manifest.compatibility.protocolVersion {
        case PackManifest.protocolVersion: break
        case 0:
            add(
                .unsupportedProtocolVersion,
                "/compatibility/protocolVersion",
                "compatibility.protocolVersion required",
                hint: "set it to 1"
            )
        case let other:
            add(
                .unsupportedProtocolVersion,
                "/compatibility/protocolVersion",
                "protocolVersion \(other) not supported (expected 1)"
            )
        }
        for (index, overlay) in manifest.overlays.config.enumerated() {
            let pointer = "/overlays/config/\(index)"
            if overlay.key.trimmingSpaces.isEmpty {
                add(.missingField, pointer + "/key", "config overlay key required", hint: "pools or timeouts")
            } else if !["pools", "timeouts"].contains(overlay.key.lowercased()) {
                add(
                    .unsupportedOverlayKey,
                    pointer + "/key",
                    "unsupported config overlay key \"\(overlay.key)\"",
                    hint: "valid keys: pools, timeouts"
                )
            }
            if !overlay.strategy.isEmpty, overlay.strategy != "json_merge_patch" {
                add(
                    .unsupportedStrategy,
                    pointer + "/strategy",
                    "unsupported config overlay strategy \"\(overlay.strategy)\"",
                    hint: "valid: json_merge_patch (or leave it empty)"
                )
            }
            if overlay.path.isEmpty {
                add(.missingField, pointer + "/path", "config overlay path required")
            }
        }
        for (index, overlay) in manifest.overlays.policy.enumerated() {
            let pointer = "/overlays/policy/\(index)"
            if !overlay.strategy.isEmpty, overlay.strategy != "bundle_fragment" {
                add(
                    .unsupportedStrategy,
                    pointer + "/strategy",
                    "unsupported policy overlay strategy \"\(overlay.strategy)\"",
                    hint: "valid: bundle_fragment (or leave it empty)"
                )
            }
            if overlay.path.isEmpty {
                add(.missingField, pointer + "/path", "policy overlay path required")
            }
        }
        return errors
    }
}
