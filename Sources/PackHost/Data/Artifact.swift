import Foundation
public import StructuredData
public import WorkflowEngine

/// What is known about a stored artifact besides its content.
public struct ArtifactMetadata: Sendable, Hashable {
    /// The media type given at upload (`application/octet-stream` when none).
    public var contentType: String
    /// The content's length.
    public var sizeBytes: Int
    /// How long it is kept.
    public var retention: ArtifactRetention
    /// Labels given at upload, plus `tenant_id`.
    public var labels: [String: String]
    /// SHA-256 of the content, lowercase hex.
    public var sha256: String

    /// Creates metadata.
    public init(
        contentType: String,
        sizeBytes: Int,
        retention: ArtifactRetention,
        labels: [String: String],
        sha256: String
    ) {
        self.contentType = contentType
        self.sizeBytes = sizeBytes
        self.retention = retention
        self.labels = labels
        self.sha256 = sha256
    }

    /// `{content_type, size_bytes, retention, labels, sha256}`.
    public var json: JSONValue {
        [
            "content_type": .string(contentType),
            "size_bytes": .integer(sizeBytes),
            "retention": .string(retention.rawValue),
            "labels": .object(labels.mapValues { .string($0) }),
            "sha256": .string(sha256),
        ]
    }
}

/// A stored artifact without its content, as lists show it.
public struct ArtifactInfo: Sendable, Hashable {
    /// `redis://art:<uuid>`.
    public var pointer: String
    /// Its metadata.
    public var metadata: ArtifactMetadata
    /// When it was stored.
    public var createdAt: Timestamp
    /// When it lapses.
    public var expiresAt: Timestamp

    /// Creates the info.
    public init(pointer: String, metadata: ArtifactMetadata, createdAt: Timestamp, expiresAt: Timestamp) {
        self.pointer = pointer
        self.metadata = metadata
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    /// `{artifact_ptr, metadata, created_at, expires_at}`.
    public var json: JSONValue {
        [
            "artifact_ptr": .string(pointer),
            "metadata": metadata.json,
            "created_at": .string(createdAt.description),
            "expires_at": .string(expiresAt.description),
        ]
    }
}

/// A stored artifact with its content.
public struct Artifact: Sendable, Hashable {
    /// Pointer, metadata and times.
    public var info: ArtifactInfo
    /// The content.
    public var content: [UInt8]

    /// Creates an artifact.
    public init(info: ArtifactInfo, content: [UInt8]) {
        self.info = info
        self.content = content
    }

    /// Cordum's shape: `{artifact_ptr, content_base64, metadata: {content_type, size_bytes, retention, labels,
    /// sha256}}`.
    public var json: JSONValue {
        [
            "artifact_ptr": .string(info.pointer),
            "content_base64": .string(Data(content).base64EncodedString()),
            "metadata": info.metadata.json,
        ]
    }
}

/// What an upload answers: `{artifact_ptr, size_bytes}`.
public struct ArtifactReceipt: Sendable, Hashable {
    /// `redis://art:<uuid>`.
    public var pointer: String
    /// The stored content's length.
    public var sizeBytes: Int

    /// Creates a receipt.
    public init(pointer: String, sizeBytes: Int) {
        self.pointer = pointer
        self.sizeBytes = sizeBytes
    }

    /// `{artifact_ptr, size_bytes}`.
    public var json: JSONValue { ["artifact_ptr": .string(pointer), "size_bytes": .integer(sizeBytes)] }
}
