import EmulatorKit
import StructuredData

/// The demo site the emulator starts with and resets to: projects OPS (Operations) and WEB, users Alice, Bob and
/// Carol plus the automation account the demo credentials act as, and five issues:
///
/// | issue | type | status | what |
/// | --- | --- | --- | --- |
/// | OPS-1 | Task | In Progress | checkout latency, assigned to Alice, three comments |
/// | OPS-2 | Task | To Do | key rotation, with the subtask OPS-4 |
/// | OPS-3 | Bug | To Do | disk filling on db-2, labelled `triage`, unassigned |
/// | OPS-4 | Subtask | To Do | under OPS-2 |
/// | WEB-1 | Bug | Done | a broken link, labelled `triage` |
public enum JiraDemo {
    /// The account email of the demo credentials (basic auth).
    public static let email = "cordum@example.com"
    /// The API token of the demo credentials (basic auth's password).
    public static let apiToken = "ATATT3xFfGF0-demo-emulator-api-token-0000"
    /// A bearer token (a Data Center personal access token) for the same account.
    public static let personalAccessToken = "jira-demo-pat-emulator-0000"
    /// The account id the demo credentials act as.
    public static let automationAccount = "acct-cordum"

    static func text(_ paragraphs: [String]) -> JSONValue {
        [
            "type": "doc", "version": 1,
            "content": .array(
                paragraphs.map { ["type": "paragraph", "content": [["type": "text", "text": .string($0)]]] }
            ),
        ]
    }

    /// Fills `world` with the demo site.
    public static func fill(_ world: inout JiraWorld) {
        world.users = [
            JiraWorld.User(accountID: automationAccount, displayName: "Cordum Automation", email: email),
            JiraWorld.User(accountID: "acct-alice", displayName: "Alice Liddell", email: "alice@example.com"),
            JiraWorld.User(accountID: "acct-bob", displayName: "Bob Stone", email: "bob@example.com"),
            JiraWorld.User(accountID: "acct-carol", displayName: "Carol Chen", email: "carol@example.com"),
        ]
        let types = [
            JiraWorld.IssueType(id: "10001", name: "Task"), JiraWorld.IssueType(id: "10002", name: "Bug"),
            JiraWorld.IssueType(id: "10003", name: "Story"), JiraWorld.IssueType(id: "10004", name: "Incident"),
            JiraWorld.IssueType(id: "10005", name: "Subtask", subtask: true),
        ]
        world.projects = [
            JiraWorld.Project(id: "10000", key: "OPS", name: "Operations", lead: "acct-alice", issueTypes: types),
            JiraWorld.Project(id: "10001", key: "WEB", name: "Web", lead: "acct-bob", issueTypes: types),
        ]
        world.statuses = [
            JiraWorld.Status(id: "10000", name: "To Do", category: "new", transitionID: "11"),
            JiraWorld.Status(id: "3", name: "In Progress", category: "indeterminate", transitionID: "21"),
            JiraWorld.Status(id: "10001", name: "Done", category: "done", transitionID: "31"),
        ]
        world.linkTypes = [
            JiraWorld.LinkType(id: "10000", name: "Blocks", inward: "is blocked by", outward: "blocks"),
            JiraWorld.LinkType(id: "10001", name: "Cloners", inward: "is cloned by", outward: "clones"),
            JiraWorld.LinkType(id: "10002", name: "Duplicate", inward: "is duplicated by", outward: "duplicates"),
            JiraWorld.LinkType(id: "10003", name: "Relates", inward: "relates to", outward: "relates to"),
        ]
        let day0 = JiraWorld.timestamp(0)
        world.issues = [
            JiraWorld.Issue(
                id: "10001",
                key: "OPS-1",
                project: "OPS",
                type: "Task",
                summary: "Checkout latency above SLO",
                description: text(["p99 latency of checkout is 2.4 s since the 1.42 deploy.", "Runbook: RB-12."]),
                status: "In Progress",
                labels: ["checkout", "sev2"],
                priority: "High",
                assignee: "acct-alice",
                reporter: "acct-bob",
                created: day0,
                updated: day0,
                comments: [
                    JiraWorld.Comment(id: "10001", author: "acct-alice", body: text(["Looking at it."]), created: day0),
                    JiraWorld.Comment(
                        id: "10002",
                        author: "acct-bob",
                        body: text(["The cache hit rate fell to 60%."]),
                        created: day0
                    ),
                    JiraWorld.Comment(
                        id: "10003",
                        author: "acct-alice",
                        body: text(["Rolling back 1.42."]),
                        created: day0
                    ),
                ]
            ),
            JiraWorld.Issue(
                id: "10002",
                key: "OPS-2",
                project: "OPS",
                type: "Task",
                summary: "Rotate the payment API key",
                description: text(["The key expires on 2026-12-31."]),
                status: "To Do",
                labels: ["security"],
                reporter: "acct-carol",
                created: day0,
                updated: day0
            ),
            JiraWorld.Issue(
                id: "10003",
                key: "OPS-3",
                project: "OPS",
                type: "Bug",
                summary: "Disk filling on db-2",
                description: text(["/var/lib/postgres grows 2 GB an hour."]),
                status: "To Do",
                labels: ["triage", "database"],
                reporter: "acct-bob",
                created: day0,
                updated: day0
            ),
            JiraWorld.Issue(
                id: "10004",
                key: "OPS-4",
                project: "OPS",
                type: "Subtask",
                summary: "Update the key in the vault",
                description: nil,
                status: "To Do",
                reporter: "acct-carol",
                parent: "OPS-2",
                created: day0,
                updated: day0
            ),
            JiraWorld.Issue(
                id: "10005",
                key: "WEB-1",
                project: "WEB",
                type: "Bug",
                summary: "Broken link on the pricing page",
                description: text(["The Enterprise link answers 404."]),
                status: "Done",
                labels: ["triage"],
                priority: "Low",
                assignee: "acct-bob",
                reporter: "acct-carol",
                created: day0,
                updated: day0
            ),
        ]
        var credentials = CredentialRegistry()
        credentials.register(
            .basic(username: email, password: apiToken),
            CallerGrant(subject: automationAccount, kind: "user")
        )
        credentials.register(.token(personalAccessToken), CallerGrant(subject: automationAccount, kind: "user"))
        world.credentials = credentials
    }
}
