import Foundation
import GRDB
import StructuredData
import WorkflowEngine

/// The tables of webhook subscriptions and their deliveries. Each subscription keeps the audit sequence it has
/// read up to; turning new events into pending deliveries and moving that cursor happen in one transaction, so
/// a restart neither loses nor repeats a delivery.
enum WebhookStore {
    static let migration = HostMigration(name: "webhooks_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE webhook_subscriptions (
                    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, url TEXT NOT NULL, types TEXT NOT NULL,
                    workflow_id TEXT, pack_id TEXT, secret TEXT NOT NULL, created_by TEXT NOT NULL,
                    created_at INTEGER NOT NULL, cursor INTEGER NOT NULL);
                CREATE INDEX webhook_subscriptions_tenant ON webhook_subscriptions (tenant_id, created_at);
                CREATE TABLE webhook_deliveries (
                    id INTEGER PRIMARY KEY AUTOINCREMENT, subscription_id TEXT NOT NULL, event_id INTEGER NOT NULL,
                    event_type TEXT NOT NULL, run_key TEXT NOT NULL, body TEXT NOT NULL, status TEXT NOT NULL,
                    attempts INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL, last_status INTEGER,
                    last_response TEXT, last_error TEXT, delivered_at INTEGER,
                    UNIQUE (subscription_id, event_id));
                CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (status, subscription_id, id);
                """
        )
    }

    static func insert(_ subscription: WebhookSubscription, cursor: Int64, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO webhook_subscriptions
                (id, tenant_id, url, types, workflow_id, pack_id, secret, created_by, created_at, cursor)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                subscription.id, subscription.tenantID, subscription.url,
                JSONEncoding.compact(.array(subscription.types.map(JSONValue.string))), subscription.workflowID,
                subscription.packID, subscription.secret, subscription.createdBy,
                subscription.createdAt.milliseconds, cursor,
            ]
        )
    }

    static func list(tenant: String?, in db: Database) throws -> [(WebhookSubscription, Int64)] {
        let rows: [Row]
        if let tenant {
            rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM webhook_subscriptions WHERE tenant_id = ? ORDER BY created_at, id",
                arguments: [tenant]
            )
        } else {
            rows = try Row.fetchAll(db, sql: "SELECT * FROM webhook_subscriptions ORDER BY created_at, id")
        }
        return rows.map { (subscription(from: $0), $0["cursor"]) }
    }

    static func load(_ id: String, tenant: String, in db: Database) throws -> WebhookSubscription? {
        try Row.fetchOne(
            db,
            sql: "SELECT * FROM webhook_subscriptions WHERE id = ? AND tenant_id = ?",
            arguments: [id, tenant]
        ).map(subscription(from:))
    }

    static func delete(_ id: String, tenant: String, in db: Database) throws -> Bool {
        try db.execute(
            sql: "DELETE FROM webhook_subscriptions WHERE id = ? AND tenant_id = ?",
            arguments: [id, tenant]
        )
        guard db.changesCount > 0 else { return false }
        try db.execute(
            sql: "DELETE FROM webhook_deliveries WHERE subscription_id = ? AND status = 'pending'",
            arguments: [id]
        )
        return true
    }

    static func setCursor(_ id: String, to cursor: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE webhook_subscriptions SET cursor = ? WHERE id = ?", arguments: [cursor, id])
    }

    static func enqueue(_ event: HostEvent, for id: String, at now: Timestamp, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO webhook_deliveries
                (subscription_id, event_id, event_type, run_key, body, status, attempts, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)
                """,
            arguments: [
                id, event.id, event.type, event.runID ?? "", JSONEncoding.compact(event.json), now.milliseconds,
            ]
        )
    }

    /// Pending deliveries, oldest first.
    static func pending(in db: Database) throws -> [WebhookDelivery] {
        try Row.fetchAll(db, sql: "SELECT * FROM webhook_deliveries WHERE status = 'pending' ORDER BY id")
            .map(delivery(from:))
    }

    static func deliveries(of id: String, status: WebhookDelivery.Status?, limit: Int, in db: Database) throws
        -> [WebhookDelivery]
    {
        var sql = "SELECT * FROM webhook_deliveries WHERE subscription_id = ?"
        var arguments: StatementArguments = [id]
        if let status {
            sql += " AND status = ?"
            arguments += [status.rawValue]
        }
        sql += " ORDER BY id LIMIT ?"
        arguments += [limit]
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map(delivery(from:))
    }

    static func update(_ delivery: WebhookDelivery, in db: Database) throws {
        try db.execute(
            sql: """
                UPDATE webhook_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_status = ?,
                last_response = ?, last_error = ?, delivered_at = ? WHERE id = ?
                """,
            arguments: [
                delivery.status.rawValue, delivery.attempts, delivery.nextAttemptAt.milliseconds, delivery.lastStatus,
                delivery.lastResponse, delivery.lastError, delivery.deliveredAt?.milliseconds, delivery.id,
            ]
        )
    }

    static func secret(of id: String, in db: Database) throws -> (url: String, secret: String)? {
        try Row.fetchOne(db, sql: "SELECT url, secret FROM webhook_subscriptions WHERE id = ?", arguments: [id])
            .map { ($0["url"], $0["secret"]) }
    }

    private static func subscription(from row: Row) -> WebhookSubscription {
        let typesText: String = row["types"]
        let types = ((try? JSONParser.parse(typesText))?.arrayValue ?? []).compactMap(\.stringValue)
        return WebhookSubscription(
            id: row["id"],
            tenantID: row["tenant_id"],
            url: row["url"],
            types: types,
            workflowID: row["workflow_id"],
            packID: row["pack_id"],
            secret: row["secret"],
            createdBy: row["created_by"],
            createdAt: Timestamp(milliseconds: row["created_at"])
        )
    }

    private static func delivery(from row: Row) -> WebhookDelivery {
        let status: String = row["status"]
        let deliveredAt: Int64? = row["delivered_at"]
        return WebhookDelivery(
            id: row["id"],
            subscriptionID: row["subscription_id"],
            eventID: row["event_id"],
            eventType: row["event_type"],
            runKey: row["run_key"],
            body: row["body"],
            status: WebhookDelivery.Status(rawValue: status) ?? .pending,
            attempts: row["attempts"],
            nextAttemptAt: Timestamp(milliseconds: row["next_attempt_at"]),
            lastStatus: row["last_status"],
            lastResponse: row["last_response"],
            lastError: row["last_error"],
            deliveredAt: deliveredAt.map(Timestamp.init(milliseconds:))
        )
    }
}
