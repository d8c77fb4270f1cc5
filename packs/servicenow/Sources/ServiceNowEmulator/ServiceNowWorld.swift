public import EmulatorKit

/// The emulated ServiceNow instance: tables of records (every field a string, as the Table API stores them), the
/// reference fields of each table, numbering, journal entries (work notes and comments), OAuth clients and issued
/// tokens, and the callers. Plain values behind the emulator's lock; ``ServiceNowDemo`` seeds it.
public struct ServiceNowWorld: Sendable {
    /// A record: its fields by name (`sys_id` among them).
    public typealias Record = [String: String]

    /// A journal entry (`work_notes` or `comments`) of a record.
    public struct JournalEntry: Sendable, Equatable {
        public var table: String
        public var sysID: String
        public var field: String
        public var value: String

        /// An entry.
        public init(table: String, sysID: String, field: String, value: String) {
            self.table = table
            self.sysID = sysID
            self.field = field
            self.value = value
        }
    }

    /// An OAuth client of `oauth_token.do`.
    public struct OAuthClient: Sendable {
        public var id: String
        public var secret: String
    }

    /// Records by table; CIs of every class live in `cmdb_ci` with their `sys_class_name`.
    public var tables: [String: [Record]] = [:]
    public var journal: [JournalEntry] = []
    public var oauthClients: [OAuthClient] = []
    /// Users' passwords (the password grant), by user name.
    public var passwords: [String: String] = [:]
    /// Refresh tokens issued, to the user (or client) they act as.
    public var refreshTokens: [String: String] = [:]
    public var credentials = CredentialRegistry()
    /// Issued access tokens, to count them in tests.
    public var issuedTokens = 0
    var nextID = 1
    var numbers: [String: Int] = ["incident": 10_100, "change_request": 30_100]

    /// The tables whose fields reference another table, and the field a display value is matched on.
    static let references: [String: String] = [
        "caller_id": "sys_user", "assigned_to": "sys_user", "opened_by": "sys_user",
        "assignment_group": "sys_user_group", "cmdb_ci": "cmdb_ci", "parent": "cmdb_ci", "child": "cmdb_ci",
        "std_change_producer_version": "std_change_producer_version",
    ]
    static let displayField: [String: String] = [
        "sys_user": "name", "sys_user_group": "name", "cmdb_ci": "name", "incident": "number",
        "change_request": "number", "std_change_producer_version": "name", "cmdb_rel_ci": "sys_id",
    ]
    static let numberPrefix = ["incident": "INC", "change_request": "CHG"]

    public init() {}

    /// A new sys_id: 32 hex digits.
    public mutating func newSysID() -> String {
        nextID += 1
        let hex = String(nextID, radix: 16)
        return "5e" + String(repeating: "0", count: 30 - hex.count) + hex
    }

    /// The next number of a numbered table (`INC0010101`).
    mutating func newNumber(_ table: String) -> String? {
        guard let prefix = Self.numberPrefix[table], let last = numbers[table] else { return nil }
        numbers[table] = last + 1
        let digits = String(last + 1)
        return prefix + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }

    /// The table records of `table` live in (`cmdb_ci_service` → `cmdb_ci`).
    static func storage(_ table: String) -> String { table.hasPrefix("cmdb_ci_") ? "cmdb_ci" : table }

    /// The records a GET on `table` sees (a CI class sees its own class).
    func records(_ table: String) -> [Record] {
        let all = tables[Self.storage(table)] ?? []
        return table.hasPrefix("cmdb_ci_") ? all.filter { $0["sys_class_name"] == table } : all
    }

    /// The record of `table` with `sysID`.
    public func record(_ table: String, _ sysID: String) -> Record? { records(table).first { $0["sys_id"] == sysID } }

    /// The display value of a reference: the referenced record's display field.
    func display(_ field: String, _ value: String) -> String {
        guard let table = Self.references[field], let record = record(table, value) else { return value }
        return record[Self.displayField[table] ?? "name"] ?? value
    }

    /// A reference given by sys_id or display value (or a user's `user_name`), as the sys_id; the value itself when
    /// nothing matches (ServiceNow keeps it too).
    func resolve(_ field: String, _ value: String) -> String {
        guard let table = Self.references[field], !value.isEmpty else { return value }
        let candidates = records(table)
        if candidates.contains(where: { $0["sys_id"] == value }) { return value }
        let key = Self.displayField[table] ?? "name"
        let match = candidates.first { $0[key] == value || (table == "sys_user" && $0["user_name"] == value) }
        return match?["sys_id"] ?? value
    }

    /// Inserts a record (sys_id, number and timestamps filled in) and returns it.
    @discardableResult
    public mutating func insert(_ table: String, _ fields: Record) -> Record {
        var record = fields
        if record["sys_id"] == nil { record["sys_id"] = newSysID() }
        if record["number"] == nil, let number = newNumber(Self.storage(table)) { record["number"] = number }
        if table.hasPrefix("cmdb_ci_") { record["sys_class_name"] = table }
        record["sys_created_on"] = record["sys_created_on"] ?? "2026-12-07 09:00:00"
        record["sys_updated_on"] = record["sys_updated_on"] ?? record["sys_created_on"]
        tables[Self.storage(table), default: []].append(record)
        return record
    }
}
