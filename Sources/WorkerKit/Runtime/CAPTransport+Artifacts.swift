import CAP
import Foundation
import StructuredData

extension CAPTransport {
    /// The artifact writer of one job: through the gateway when one is configured, else into Redis as Cordum's
    /// artifact store does (`art:<uuid>` with the content, `art:meta:<uuid>` with
    /// `{content_type, size_bytes, retention, labels}`, both expiring with the retention class). Labels get
    /// `tenant_id` and `job_id`.
    func artifactWriter(jobID: String, tenant: String) -> ArtifactWriter {
        let gateway = self.gateway
        let redis = self.redis
        return ArtifactWriter(secrets: configuration.secrets) { content, contentType, retention, labels in
            var labels = labels
            labels["tenant_id"] = labels["tenant_id"] ?? tenant
            labels["job_id"] = labels["job_id"] ?? jobID
            if let gateway {
                return try await gateway.putArtifact(
                    content,
                    contentType: contentType,
                    retention: retention,
                    labels: labels
                )
            }
            let id = UUID().uuidString.lowercased()
            let metadata: JSONValue = [
                "content_type": .string(contentType),
                "size_bytes": .integer(content.count),
                "retention": .string(retention.rawValue),
                "labels": .object(labels.mapValues { .string($0) }),
            ]
            do {
                try await redis.set("art:\(id)", to: content, expiration: retention.timeToLive)
                try await redis.set(
                    "art:meta:\(id)",
                    to: JSONEncoding.compact(metadata),
                    expiration: retention.timeToLive
                )
            } catch {
                throw WorkerError(
                    code: .storageUnavailable,
                    message: "Writing artifact art:\(id) to Redis failed: \(error)",
                    retryable: true
                )
            }
            return "redis://art:\(id)"
        }
    }

    /// The gateway client, when `CORDUM_GATEWAY_URL` is configured.
    var gateway: GatewayClient? {
        configuration.gatewayURL.map {
            GatewayClient(baseURL: $0, apiKey: configuration.apiKey, secrets: configuration.secrets)
        }
    }
}
