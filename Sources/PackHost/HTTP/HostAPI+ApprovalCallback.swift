import Foundation
import HTTPTypes
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// The callback path, answered without an API key: the integration's signature authenticates it.
    static let approvalCallbackPath = "/api/v1/approvals/callback"
    /// The header naming the integration.
    static let integrationHeader = HTTPField.Name("Cordum-Integration")!
    /// The signature header.
    static let signatureHeader = HTTPField.Name(WebhookSignature.header)!

    /// `POST /approvals/callback`: an integration decides an approval on behalf of a person (docs/events.md).
    ///
    /// The body is `{"tenant", "approval_id", "digest", "decision": "approve"|"reject", "person", "reason"}`,
    /// signed with the integration's secret. The integration must be configured, allowed to act for the tenant,
    /// and know the person; the digest must be the one the approval is bound to; then the decision goes through
    /// the same checks as `POST /approvals/{id}/approve|reject` with the person's principal (so the requester
    /// cannot approve their own action through a chat button either).
    func addApprovalCallbackRoute(to api: RouterGroup<HostRequestContext>) {
        api.post("approvals/callback") { request, _ -> Response in
            let bytes = try await RequestBody.bytes(request, limit: limits.jsonBytes)
            let integrationID = request.headers[Self.integrationHeader] ?? ""
            guard
                let integration = services.host.configuration.approvalIntegrations.first(where: {
                    $0.id == integrationID
                })
            else {
                throw HostError(
                    .unauthenticated,
                    "Cordum-Integration must name an approval integration configured on the host, not \"\(integrationID)\""
                )
            }
            try WebhookSignature.verify(
                request.headers[Self.signatureHeader],
                body: bytes,
                secret: integration.secret,
                now: services.clock.now()
            )
            let body = try BodyObject(try RequestBody.parse(bytes))
            let tenant = try Self.required(body, "tenant")
            guard integration.allows(tenant: tenant) else {
                throw HostError(.forbidden, "integration \(integration.id) may not act for tenant \(tenant)")
            }
            let person = try Self.required(body, "person")
            guard let principal = integration.people[person] else {
                throw HostError(
                    .forbidden,
                    "integration \(integration.id) has no principal for person \"\(person)\"; map them in the host's "
                        + "approval integrations"
                )
            }
            let approvalID = try Self.required(body, "approval_id")
            let digest = try Self.required(body, "digest")
            let decision = try Self.required(body, "decision")
            var reason = try body.string("reason") ?? ""
            if reason.isEmpty { reason = "decided in \(integration.id)" }
            reason += " (via \(integration.id) for \(person))"
            let approval = try await services.host.approval(approvalID, tenant: tenant)
            guard approval.digest == digest else {
                throw HostError(
                    .conflict,
                    "approval \(approval.id) is bound to digest \(approval.digest), not \(digest); show the action again"
                )
            }
            let decided: Approval
            switch decision {
            case "approve":
                decided = try await services.host.approve(
                    approval.id,
                    tenant: tenant,
                    principal: principal,
                    reason: reason,
                    expectedDigest: digest
                )
            case "reject":
                decided = try await services.host.reject(
                    approval.id,
                    tenant: tenant,
                    principal: principal,
                    reason: reason
                )
            default:
                throw HostError(.invalidArgument, "decision must be approve or reject, not \"\(decision)\"")
            }
            return APIResponse.json(decided.json)
        }
    }

    private static func required(_ body: BodyObject, _ name: String) throws(HostError) -> String {
        guard let value = try body.string(name), !value.isEmpty else {
            throw HostError(.invalidArgument, "\(name) is required (a non-empty string)")
        }
        return value
    }
}
