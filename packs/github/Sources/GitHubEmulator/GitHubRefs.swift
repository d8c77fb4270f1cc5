/// Resolving refs and walking history in an emulated repository.
enum GitHubRefs {
    /// The commit sha a branch, tag, `refs/heads/...`, `refs/tags/...`, full sha or sha prefix (≥ 7) names.
    static func resolve(_ ref: String, in repository: RepositoryRecord) -> String? {
        if let sha = repository.branches[ref] { return sha }
        if let sha = repository.tags[ref] { return sha }
        if ref.hasPrefix("refs/heads/") { return repository.branches[String(ref.dropFirst("refs/heads/".count))] }
        if ref.hasPrefix("refs/tags/") { return repository.tags[String(ref.dropFirst("refs/tags/".count))] }
        if repository.commits[ref] != nil { return ref }
        if ref.count >= 7, ref.allSatisfy(\.isHexDigit) {
            let matches = repository.commits.keys.filter { $0.hasPrefix(ref.lowercased()) }
            if matches.count == 1 { return matches.first }
        }
        return nil
    }

    /// Every commit reachable from `sha` (itself included).
    static func ancestors(of sha: String, in repository: RepositoryRecord) -> Set<String> {
        var seen: Set<String> = []
        var stack = [sha]
        while let next = stack.popLast() {
            guard seen.insert(next).inserted, let commit = repository.commits[next] else { continue }
            stack.append(contentsOf: commit.parents)
        }
        return seen
    }

    /// The nearest common ancestor of two commits (breadth-first from `head`).
    static func mergeBase(_ base: String, _ head: String, in repository: RepositoryRecord) -> String? {
        let baseAncestors = ancestors(of: base, in: repository)
        var queue = [head]
        var seen: Set<String> = []
        var index = 0
        while index < queue.count {
            let next = queue[index]
            index += 1
            if baseAncestors.contains(next) { return next }
            guard seen.insert(next).inserted, let commit = repository.commits[next] else { continue }
            queue.append(contentsOf: commit.parents)
        }
        return nil
    }

    /// Commits reachable from `head` but not from `base`, oldest first.
    static func commits(from base: String, to head: String, in repository: RepositoryRecord) -> [CommitRecord] {
        let excluded = ancestors(of: base, in: repository)
        return ancestors(of: head, in: repository).subtracting(excluded).compactMap { repository.commits[$0] }
            .sorted { ($0.date, $0.sha) < ($1.date, $1.sha) }
    }
}
