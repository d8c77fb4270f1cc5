import EmulatorKit
import Foundation
import StructuredData

extension GitHubAPI {
    func addAppRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/app") { request, _ in
            let appID = try authenticatedApp()
            return state.storage.withLock { world in
                guard let app = world.apps[appID] else { return GitHubAPIError.notFound.response }
                return .json(json(baseURL: request.baseURL, world: world).app(app))
            }
        }
        router.add("GET", "/app/installations") { request, _ in
            let appID = try authenticatedApp()
            return state.storage.withLock { world in
                let rendered = json(baseURL: request.baseURL, world: world)
                let installations = world.installations.values.filter { $0.appID == appID }.sorted { $0.id < $1.id }
                return Pagination.page(installations.map { rendered.installation($0) }, request: request).response()
            }
        }
        router.add("GET", "/app/installations/{id}") { request, parameters in
            let appID = try authenticatedApp()
            return try state.storage.withLock { world throws(GitHubAPIError) in
                guard let id = parameters.int("id"), let installation = world.installations[id],
                    installation.appID == appID
                else { throw GitHubAPIError.notFound }
                return .json(json(baseURL: request.baseURL, world: world).installation(installation))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/installation") { request, parameters in
            let appID = try authenticatedApp()
            let fullName = "\(parameters["owner"])/\(parameters["repo"])".lowercased()
            return try state.storage.withLock { world throws(GitHubAPIError) in
                guard let repository = world.repositories[fullName],
                    let installation = world.installations.values.first(where: {
                        $0.appID == appID && $0.account.lowercased() == repository.owner.lowercased()
                            && ($0.repositories?.contains(fullName) ?? true)
                    })
                else { throw GitHubAPIError.notFound }
                return .json(json(baseURL: request.baseURL, world: world).installation(installation))
            }
        }
        router.add("POST", "/app/installations/{id}/access_tokens") { request, parameters in
            try issueInstallationToken(request, parameters)
        }
    }

    private func authenticatedApp() throws(GitHubAPIError) -> Int {
        guard let id = caller.appID else {
            throw GitHubAPIError(status: 401, message: "A JSON web token could not be decoded")
        }
        return id
    }

    private func issueInstallationToken(
        _ request: EmulatorRequest,
        _ parameters: RouteParameters
    ) throws(GitHubAPIError) -> EmulatorResponse {
        let appID = try authenticatedApp()
        let body = try GitHubBody(request)
        let narrowed = try body.names("repositories")
        var permissions: [String: String]?
        if let value = body.fields["permissions"], !value.isNull {
            guard let object = value.objectValue else {
                throw GitHubAPIError(
                    status: 422,
                    message: "Invalid request.\n\nFor 'properties/permissions', it is not an object."
                )
            }
            permissions = object.compactMapValues(\.stringValue)
        }
        let lifetime = configuration.installationTokenLifetime
        let now = self.now
        return try state.storage.withLock { world throws(GitHubAPIError) in
            guard let id = parameters.int("id"), let installation = world.installations[id], installation.appID == appID
            else {
                throw GitHubAPIError.notFound
            }
            var repositories = installation.repositories
            if let narrowed {
                let owner = installation.account.lowercased()
                let names = Set(narrowed.map { ($0.contains("/") ? $0 : "\(owner)/\($0)").lowercased() })
                if let allowed = installation.repositories, let outside = names.subtracting(allowed).first {
                    throw GitHubAPIError(
                        status: 422,
                        message: "The repository \(outside) is not accessible to this installation"
                    )
                }
                repositories = names
            }
            var granted = installation.permissions
            // An empty `permissions` object (as some clients send) asks for everything the installation has.
            if let permissions, !permissions.isEmpty {
                for (name, level) in permissions {
                    guard let have = installation.permissions[name], have == "write" || level == "read" else {
                        throw GitHubAPIError(
                            status: 422,
                            message:
                                "The permissions requested are not granted to this installation (\(name): \(level))"
                        )
                    }
                }
                granted = permissions
            }
            world.counter += 1
            let token = "ghs_" + GitObjects.sha1(Array("installation \(id) \(now) \(world.counter)".utf8)).prefix(36)
            let expiresAt = now + Double(lifetime.components.seconds)
            let slug = world.apps[installation.appID]?.slug ?? "app"
            world.credentials.register(
                .token(token),
                CallerGrant(
                    subject: "\(slug)[bot]",
                    kind: "installation",
                    scopes: AuthenticatedCaller.scopes(canWrite: granted.values.contains("write")),
                    resources: repositories,
                    expiresAt: expiresAt,
                    budgetKey: "installation:\(id)",
                    attributes: ["installation_id": String(id)]
                )
            )
            var answer: [String: JSONValue] = [
                "token": .string(token),
                "expires_at": .string(GitHubTime.format(expiresAt)),
                "permissions": .object(granted.mapValues { .string($0) }),
                "repository_selection": .string(repositories == nil ? "all" : "selected"),
            ]
            if let repositories {
                let rendered = json(baseURL: request.baseURL, world: world)
                answer["repositories"] = .array(
                    repositories.sorted().compactMap { world.repositories[$0].map { rendered.repository($0) } }
                )
            }
            return .json(.object(answer), status: 201)
        }
    }
}
