/// Shared issue mutations for the seeding API and the REST handlers.
enum GitHubIssues {
    /// Inserts an issue (or a pull request's issue) with the next number; creates missing labels and users.
    static func insertIssue(
        _ world: inout GitHubWorld,
        _ repository: inout RepositoryRecord,
        title: String,
        body: String?,
        labels: [String],
        assignees: [String],
        author: String,
        isPull: Bool,
        now: Double
    ) -> Int {
        let number = repository.nextNumber
        repository.nextNumber += 1
        let login = world.ensureUser(author).login
        let labelNames = ensureLabels(&world, &repository, labels)
        let assigneeLogins = assignees.map { world.ensureUser($0).login }
        repository.issues[number] = IssueRecord(
            id: world.makeID(),
            number: number,
            title: title,
            body: body,
            state: "open",
            stateReason: nil,
            labels: labelNames,
            assignees: assigneeLogins,
            author: login,
            createdAt: now,
            updatedAt: now,
            closedAt: nil,
            comments: 0,
            locked: false,
            isPull: isPull
        )
        repository.updatedAt = now
        return number
    }

    /// The labels' stored names, creating the missing ones (as GitHub does for users with push access).
    static func ensureLabels(_ world: inout GitHubWorld, _ repository: inout RepositoryRecord, _ names: [String])
        -> [String]
    {
        var result: [String] = []
        for name in names {
            let key = name.lowercased()
            if repository.labels[key] == nil {
                repository.labels[key] = LabelRecord(
                    id: world.makeID(),
                    name: name,
                    color: "ededed",
                    description: nil,
                    isDefault: false
                )
            }
            if let stored = repository.labels[key]?.name, !result.contains(stored) { result.append(stored) }
        }
        return result
    }
}
