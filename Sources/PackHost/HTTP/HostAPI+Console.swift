import Foundation
import HTTPTypes
import HostConsole
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// The console's page and assets (`GET /`, `GET /console/{file}`), and its sign-in (`POST /api/v1/session`,
    /// `GET /api/v1/session`, `DELETE /api/v1/session`). docs/console.md.
    func addConsoleRoutes(to router: Router<HostRequestContext>, api: RouterGroup<HostRequestContext>) {
        router.get("/") { _, _ -> Response in try Self.consoleFile("index.html") }
        router.get("console/{file}") { _, context -> Response in
            try Self.consoleFile(try context.parameters.decoded("file"))
        }
        api.post("session") { request, _ -> Response in
            let body = try await object(request)
            let presented = try body.requiredString("api_key")
            let tenant = try body.requiredString("tenant").trimmingCharacters(in: .whitespaces)
            guard let key = keys.authenticate(presented) else {
                throw HostError(.unauthenticated, "the API key is not valid")
            }
            guard !tenant.isEmpty else { throw HostError(.invalidArgument, "field tenant is required (a tenant id)") }
            guard key.allows(tenant: tenant) else {
                throw HostError(.forbidden, "API key \(key.id) may not act for tenant \(tenant)")
            }
            let (token, expiresAt) = sessions.open(key: key, tenant: tenant)
            let identity = APIIdentity(
                keyID: key.id,
                principal: key.principal,
                tenant: tenant,
                roles: key.roles,
                actorType: key.actorType
            )
            var response = APIResponse.json(Self.sessionJSON(identity, expiresAt: expiresAt.description))
            let secure = request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
            response.setCookie(
                Cookie(
                    name: ConsoleSessions.cookieName,
                    value: token,
                    maxAge: Int(sessions.lifetime.components.seconds),
                    path: "/",
                    secure: secure,
                    httpOnly: true,
                    sameSite: .strict
                )
            )
            return response
        }
        api.get("session") { _, context -> Response in
            APIResponse.json(Self.sessionJSON(try context.caller(), expiresAt: nil))
        }
        api.delete("session") { _, context -> Response in
            if let token = context.sessionToken { sessions.close(token) }
            var response = APIResponse.noContent()
            response.setCookie(
                Cookie(
                    name: ConsoleSessions.cookieName,
                    value: "",
                    maxAge: 0,
                    path: "/",
                    httpOnly: true,
                    sameSite: .strict
                )
            )
            return response
        }
    }

    /// Whether a request needs no authentication because it is the console's page, an asset, or the sign-in.
    static func isPublicConsolePath(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        if method == .post { return path == sessionPath }
        guard method == .get || method == .head else { return false }
        return path == "/" || path.hasPrefix("/console/")
    }

    /// The sign-in route.
    static let sessionPath = "/api/v1/session"

    /// Who a session acts as (never the key or the token).
    static func sessionJSON(_ identity: APIIdentity, expiresAt: String?) -> JSONValue {
        var object: [String: JSONValue] = [
            "principal": .string(identity.principal), "tenant": .string(identity.tenant),
            "key_id": .string(identity.keyID),
            "roles": .array(identity.roles.map(\.rawValue).sorted().map(JSONValue.string)),
        ]
        if let expiresAt { object["expires_at"] = .string(expiresAt) }
        return .object(object)
    }

    /// The headers every console file is served with: only the host's own scripts, styles, images and
    /// connections; no framing; no sniffing; no referrer.
    static let consoleSecurityHeaders: [(HTTPField.Name, String)] = [
        (
            .contentSecurityPolicy,
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        (.init("X-Content-Type-Options")!, "nosniff"),
        (.init("Referrer-Policy")!, "no-referrer"),
        (.init("X-Frame-Options")!, "DENY"),
        (.cacheControl, "no-cache"),
    ]

    /// A console file, or `404 not_found` naming the files there are.
    static func consoleFile(_ name: String) throws(HostError) -> Response {
        guard let file = ConsoleAssets.file(named: name) else {
            throw HostError(
                .notFound,
                "the console has no file \(name) (files: \(ConsoleAssets.names.keys.sorted().joined(separator: ", ")))"
            )
        }
        var headers: HTTPFields = [.contentType: file.contentType]
        for (name, value) in consoleSecurityHeaders { headers[name] = value }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
