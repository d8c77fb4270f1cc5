import Bundler
import Hummingbird
import StructuredData

extension HostAPI {
    /// `/packs`, `/packs/{id}`, `/packs/install`, `/packs/{id}/uninstall`, `/packs/{id}/verify`, `/marketplace/...`.
    /// Packs are installed system-wide: every tenant sees them; only admin keys change them.
    func addPackRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("packs") { _, _ -> Response in
            APIResponse.items(try services.installer.list().map(\.json))
        }
        api.get("packs/{id}") { _, context -> Response in
            APIResponse.json(try services.installer.show(try context.parameters.decoded("id")).json)
        }
        api.post("packs/install") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("installing a pack")
            let query = QueryParameters(request)
            // Cordum's `force` skips the core-version check; the host has no check it would skip, so it is
            // only validated.
            _ = try query.bool("force")
            let options = InstallOptions(
                upgrade: try query.bool("upgrade"),
                inactive: try query.bool("inactive"),
                dryRun: try query.bool("dry_run"),
                principal: caller.principal
            )
            let result = try await install(request, options: options)
            if result.applied { try await services.configurationChanged() }
            return APIResponse.json(Self.installAnswer(result))
        }
        api.post("packs/{id}/uninstall") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("uninstalling a pack")
            let body = try await object(request)
            let record = try services.installer.uninstall(
                try context.parameters.decoded("id"),
                purge: try body.bool("purge") ?? false,
                principal: caller.principal
            )
            try await services.configurationChanged()
            return APIResponse.json(record.json)
        }
        api.post("packs/{id}/verify") { _, context -> Response in
            APIResponse.json(try services.installer.verify(try context.parameters.decoded("id")).json)
        }
        api.get("marketplace/packs") { _, _ -> Response in
            APIResponse.json(try await marketplace.list().json)
        }
        api.post("marketplace/install") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("installing a pack")
            let body = try await object(request)
            let result = try await marketplace.install(
                catalogID: try body.requiredString("catalog_id"),
                packID: try body.requiredString("pack_id"),
                version: try body.string("version"),
                options: InstallOptions(
                    upgrade: try body.bool("upgrade") ?? false,
                    inactive: try body.bool("inactive") ?? false,
                    principal: caller.principal
                )
            )
            if result.applied { try await services.configurationChanged() }
            return APIResponse.json(Self.installAnswer(result))
        }
    }

    /// The keys an API install requires a catalog to be signed by; nil when the operator allows unsigned catalogs.
    private var trustedCatalogKeys: [PublicKey]? {
        let configuration = services.host.configuration
        return configuration.allowUnsignedCatalogs ? nil : configuration.trustedCatalogKeys
    }

    /// The marketplace as the API offers it: catalogs must be signed by a trusted key.
    private var marketplace: Marketplace {
        Marketplace(installer: services.installer, trustedKeys: trustedCatalogKeys)
    }

    /// Cordum's answer to an install, the pack record, plus `applied`, `plan` and `record` (the record again,
    /// as ``InstallResult/json`` has it).
    static func installAnswer(_ result: InstallResult) -> JSONValue {
        var fields = result.record.json.objectValue ?? [:]
        for (key, value) in result.json.objectValue ?? [:] { fields[key] = value }
        return .object(fields)
    }

    /// Installs from the body: a gzip bundle, a multipart `bundle` field, or JSON `{path}` / `{catalog, pack_id}`.
    private func install(_ request: Request, options: InstallOptions) async throws -> InstallResult {
        let header = request.headers[.contentType] ?? ""
        let contentType = header.lowercased()
        if contentType.hasPrefix("application/gzip") || contentType.hasPrefix("application/x-gzip")
            || contentType.hasPrefix("application/octet-stream")
        {
            let bytes = try await RequestBody.bytes(request, limit: limits.uploadBytes)
            guard !bytes.isEmpty else { throw HostError(.invalidArgument, "the request body (a pack.tgz) is empty") }
            return try services.installer.install(bundle: bytes, name: "pack.tgz", options: options)
        }
        if contentType.hasPrefix("multipart/form-data") {
            let bytes = try await RequestBody.bytes(request, limit: limits.uploadBytes)
            let part = try MultipartForm.file(named: "bundle", in: bytes, contentType: header)
            return try services.installer.install(bundle: part, name: "pack.tgz", options: options)
        }
        let body = try await object(request)
        if let path = try body.string("path") {
            return try services.installer.install(path: path, options: options)
        }
        if let catalog = try body.string("catalog") {
            return try await services.installer.install(
                from: CatalogPackSource(
                    catalog: catalog,
                    packID: try body.requiredString("pack_id"),
                    version: try body.string("version"),
                    trustedKeys: trustedCatalogKeys
                ),
                options: options
            )
        }
        throw HostError(
            .invalidArgument,
            "send a pack.tgz (Content-Type application/gzip), a multipart field \"bundle\", "
                + "or JSON {\"path\"} or {\"catalog\", \"pack_id\", \"version\"?}"
        )
    }
}
