import EmulatorKit

/// The demo instance `packctl dev` and the tests use: users, groups, CIs with relations, a standard change template,
/// change requests and incidents. Production for the demo profile (`prod_cis`): `payments-api` and `db-prod-*`.
public enum ServiceNowDemo {
    /// The basic-auth user and password (also the password grant's).
    public static let username = "cordum.integration"
    public static let password = "sn-demo-password-7f3a"
    /// The OAuth client of `oauth_token.do`.
    public static let clientID = "cordum-client"
    public static let clientSecret = "sn-demo-client-secret-91c2"
    /// The demo profile's production CIs.
    public static let prodCIs = "payments-api,db-prod-*"

    /// Fixed sys_ids of the demo records the docs and tests name.
    public static let paymentsAPI = "0c3f1a2b4d5e6f708192a3b4c5d6e7f8"
    public static let paymentsStaging = "1d4e2b3c5e6f708192a3b4c5d6e7f809"
    public static let checkoutWeb = "2e5f3c4d6f708192a3b4c5d6e7f8091a"
    public static let dbProd = "3f604d5e708192a3b4c5d6e7f8091a2b"
    public static let dbStaging = "40715e6f8192a3b4c5d6e7f8091a2b3c"
    public static let incident1 = "9a1b2c3d4e5f60718293a4b5c6d7e8f9"
    public static let change1 = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
    public static let change2 = "b2c3d4e5f60718293a4b5c6d7e8f90a1"

    /// Fills the world.
    public static func fill(_ world: inout ServiceNowWorld) {
        world.credentials.register(.basic(username: username, password: password), CallerGrant(subject: username))
        world.passwords[username] = password
        world.oauthClients = [.init(id: clientID, secret: clientSecret)]
        let users = [
            ["user_name": username, "name": "Cordum Integration", "email": "cordum@example.com"],
            ["user_name": "alice.ops", "name": "Alice Ops", "email": "alice@example.com"],
            ["user_name": "bob.dev", "name": "Bob Dev", "email": "bob@example.com"],
        ]
        for user in users { world.insert("sys_user", user.merging(["active": "true"]) { a, _ in a }) }
        world.insert("sys_user_group", ["name": "Service Desk"])
        world.insert("sys_user_group", ["name": "Payments SRE", "email": "payments-sre@example.com"])
        world.insert("cmdb_ci_service", ["sys_id": paymentsAPI, "name": "payments-api", "used_for": "Production"])
        world.insert(
            "cmdb_ci_service",
            ["sys_id": paymentsStaging, "name": "payments-api-staging", "used_for": "Staging"]
        )
        world.insert("cmdb_ci_service", ["sys_id": checkoutWeb, "name": "checkout-web", "used_for": "Production"])
        world.insert("cmdb_ci_server", ["sys_id": dbProd, "name": "db-prod-01", "used_for": "Production"])
        world.insert("cmdb_ci_server", ["sys_id": dbStaging, "name": "db-staging-01", "used_for": "Staging"])
        let dependsOn = "Depends on::Used by"
        for (parent, child) in [(paymentsAPI, dbProd), (checkoutWeb, paymentsAPI), (paymentsStaging, dbStaging)] {
            world.insert("cmdb_rel_ci", ["parent": parent, "child": child, "type": dependsOn])
        }
        world.insert("std_change_producer_version", ["name": "Restart application service", "version": "1"])
        world.insert(
            "change_request",
            [
                "sys_id": change1, "number": "CHG0030001", "short_description": "Rotate TLS certificates on staging",
                "cmdb_ci": paymentsStaging, "type": "normal", "state": "-2", "start_date": "2026-12-08 10:00:00",
                "end_date": "2026-12-08 11:30:00", "correlation_id": "CERT-88",
            ]
        )
        world.insert(
            "change_request",
            [
                "sys_id": change2, "number": "CHG0030002", "short_description": "Scale payments-api to 6 replicas",
                "cmdb_ci": paymentsAPI, "type": "normal", "state": "-5", "start_date": "2026-12-09 08:00:00",
                "end_date": "2026-12-09 09:00:00",
            ]
        )
        world.insert(
            "incident",
            [
                "sys_id": incident1, "number": "INC0010001", "short_description": "checkout-web: latency high",
                "state": "2", "active": "true", "impact": "2", "urgency": "2", "cmdb_ci": checkoutWeb,
                "correlation_id": "alert-1001", "caller_id": world.resolve("caller_id", "alice.ops"),
            ]
        )
        world.insert(
            "incident",
            [
                "number": "INC0010002", "short_description": "db-prod-01 disk 85% full", "state": "1", "active": "true",
                "impact": "3", "urgency": "3", "cmdb_ci": dbProd,
            ]
        )
    }
}
