import Foundation
import StructuredData

/// GitHub's REST shapes for the emulated objects; URLs are absolute, built from the request's base URL.
struct GitHubJSON {
    let baseURL: String
    let world: GitHubWorld

    private var api: String { baseURL }
    private func time(_ seconds: Double?) -> JSONValue { seconds.map { .string(GitHubTime.format($0)) } ?? .null }
    private func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    private func nodeID(_ kind: String, _ id: Int) -> JSONValue {
        .string(Data("\(kind):\(id)".utf8).base64EncodedString())
    }

    func user(_ login: String) -> JSONValue {
        let record = world.users[login.lowercased()] ?? UserRecord(id: 0, login: login, type: "User")
        return [
            "login": .string(record.login),
            "id": .integer(record.id),
            "node_id": nodeID("User", record.id),
            "avatar_url": .string("\(baseURL)/avatars/\(record.login)"),
            "url": .string("\(api)/users/\(record.login)"),
            "html_url": .string("\(baseURL)/\(record.login)"),
            "type": .string(record.type),
            "site_admin": false,
        ]
    }

    func repository(_ repository: RepositoryRecord) -> JSONValue {
        let url = "\(api)/repos/\(repository.fullName)"
        return [
            "id": .integer(repository.id),
            "node_id": nodeID("Repository", repository.id),
            "name": .string(repository.name),
            "full_name": .string(repository.fullName),
            "owner": user(repository.owner),
            "private": .bool(repository.isPrivate),
            "visibility": .string(repository.isPrivate ? "private" : "public"),
            "html_url": .string("\(baseURL)/\(repository.fullName)"),
            "description": text(repository.description),
            "fork": false,
            "url": .string(url),
            "issues_url": .string("\(url)/issues{/number}"),
            "pulls_url": .string("\(url)/pulls{/number}"),
            "releases_url": .string("\(url)/releases{/id}"),
            "contents_url": .string("\(url)/contents/{+path}"),
            "clone_url": .string("\(baseURL)/\(repository.fullName).git"),
            "default_branch": .string(repository.defaultBranch),
            "created_at": time(repository.createdAt),
            "updated_at": time(repository.updatedAt),
            "pushed_at": time(repository.updatedAt),
            "open_issues_count": .integer(repository.issues.values.filter { $0.state == "open" }.count),
            "open_issues": .integer(repository.issues.values.filter { $0.state == "open" }.count),
            "has_issues": true,
            "archived": false,
            "disabled": false,
            "topics": [],
            "permissions": ["admin": true, "maintain": true, "push": true, "triage": true, "pull": true],
        ]
    }

    func label(_ label: LabelRecord, in repository: RepositoryRecord) -> JSONValue {
        let encoded = label.name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? label.name
        return [
            "id": .integer(label.id),
            "node_id": nodeID("Label", label.id),
            "url": .string("\(api)/repos/\(repository.fullName)/labels/\(encoded)"),
            "name": .string(label.name),
            "color": .string(label.color),
            "default": .bool(label.isDefault),
            "description": text(label.description),
        ]
    }

    func labels(_ names: [String], in repository: RepositoryRecord) -> JSONValue {
        .array(names.compactMap { repository.labels[$0.lowercased()].map { label($0, in: repository) } })
    }

    func issue(_ issue: IssueRecord, in repository: RepositoryRecord) -> JSONValue {
        let repoURL = "\(api)/repos/\(repository.fullName)"
        let url = "\(repoURL)/issues/\(issue.number)"
        var object: [String: JSONValue] = [
            "id": .integer(issue.id),
            "node_id": nodeID("Issue", issue.id),
            "url": .string(url),
            "repository_url": .string(repoURL),
            "labels_url": .string("\(url)/labels{/name}"),
            "comments_url": .string("\(url)/comments"),
            "events_url": .string("\(url)/events"),
            "html_url": .string(
                "\(baseURL)/\(repository.fullName)/\(issue.isPull ? "pull" : "issues")/\(issue.number)"
            ),
            "number": .integer(issue.number),
            "state": .string(issue.state),
            "state_reason": text(issue.stateReason),
            "title": .string(issue.title),
            "body": text(issue.body),
            "user": user(issue.author),
            "labels": labels(issue.labels, in: repository),
            "assignee": issue.assignees.first.map { user($0) } ?? .null,
            "assignees": .array(issue.assignees.map { user($0) }),
            "milestone": .null,
            "locked": .bool(issue.locked),
            "active_lock_reason": .null,
            "comments": .integer(issue.comments),
            "created_at": time(issue.createdAt),
            "updated_at": time(issue.updatedAt),
            "closed_at": time(issue.closedAt),
            "closed_by": .null,
            "author_association": .string(
                issue.author.lowercased() == repository.owner.lowercased() ? "OWNER" : "CONTRIBUTOR"
            ),
            "reactions": ["url": .string("\(url)/reactions"), "total_count": 0],
        ]
        if issue.isPull {
            let pull = repository.pulls[issue.number]
            object["pull_request"] = [
                "url": .string("\(repoURL)/pulls/\(issue.number)"),
                "html_url": .string("\(baseURL)/\(repository.fullName)/pull/\(issue.number)"),
                "diff_url": .string("\(baseURL)/\(repository.fullName)/pull/\(issue.number).diff"),
                "patch_url": .string("\(baseURL)/\(repository.fullName)/pull/\(issue.number).patch"),
                "merged_at": time(pull?.mergedAt),
            ]
            object["draft"] = .bool(pull?.draft ?? false)
        }
        return .object(object)
    }

    func comment(_ comment: CommentRecord, in repository: RepositoryRecord) -> JSONValue {
        let repoURL = "\(api)/repos/\(repository.fullName)"
        return [
            "id": .integer(comment.id),
            "node_id": nodeID("IssueComment", comment.id),
            "url": .string("\(repoURL)/issues/comments/\(comment.id)"),
            "html_url": .string(
                "\(baseURL)/\(repository.fullName)/issues/\(comment.issueNumber)#issuecomment-\(comment.id)"
            ),
            "issue_url": .string("\(repoURL)/issues/\(comment.issueNumber)"),
            "body": .string(comment.body),
            "user": user(comment.author),
            "created_at": time(comment.createdAt),
            "updated_at": time(comment.updatedAt),
            "author_association": .string(
                comment.author.lowercased() == repository.owner.lowercased() ? "OWNER" : "CONTRIBUTOR"
            ),
        ]
    }

    private func branchRef(_ ref: String, sha: String, in repository: RepositoryRecord) -> JSONValue {
        [
            "label": .string("\(repository.owner):\(ref)"),
            "ref": .string(ref),
            "sha": .string(sha),
            "user": user(repository.owner),
            "repo": self.repository(repository),
        ]
    }

    func pull(_ pull: PullRecord, in repository: RepositoryRecord, full: Bool) -> JSONValue {
        guard let issue = repository.issues[pull.number] else { return .null }
        let repoURL = "\(api)/repos/\(repository.fullName)"
        let url = "\(repoURL)/pulls/\(pull.number)"
        let baseSHA = repository.branches[pull.baseRef] ?? pull.headSHA
        var object: [String: JSONValue] = [
            "id": .integer(issue.id),
            "node_id": nodeID("PullRequest", issue.id),
            "url": .string(url),
            "html_url": .string("\(baseURL)/\(repository.fullName)/pull/\(pull.number)"),
            "diff_url": .string("\(baseURL)/\(repository.fullName)/pull/\(pull.number).diff"),
            "patch_url": .string("\(baseURL)/\(repository.fullName)/pull/\(pull.number).patch"),
            "issue_url": .string("\(repoURL)/issues/\(pull.number)"),
            "commits_url": .string("\(url)/commits"),
            "review_comments_url": .string("\(url)/comments"),
            "comments_url": .string("\(repoURL)/issues/\(pull.number)/comments"),
            "statuses_url": .string("\(repoURL)/statuses/\(pull.headSHA)"),
            "number": .integer(pull.number),
            "state": .string(issue.state),
            "locked": .bool(issue.locked),
            "title": .string(issue.title),
            "user": user(issue.author),
            "body": text(issue.body),
            "labels": labels(issue.labels, in: repository),
            "milestone": .null,
            "active_lock_reason": .null,
            "created_at": time(issue.createdAt),
            "updated_at": time(issue.updatedAt),
            "closed_at": time(issue.closedAt),
            "merged_at": time(pull.mergedAt),
            "merge_commit_sha": text(pull.mergeCommitSHA),
            "assignee": issue.assignees.first.map { user($0) } ?? .null,
            "assignees": .array(issue.assignees.map { user($0) }),
            "requested_reviewers": [],
            "requested_teams": [],
            "head": branchRef(pull.headRef, sha: pull.headSHA, in: repository),
            "base": branchRef(pull.baseRef, sha: baseSHA, in: repository),
            "draft": .bool(pull.draft),
            "author_association": .string(
                issue.author.lowercased() == repository.owner.lowercased() ? "OWNER" : "CONTRIBUTOR"
            ),
            "auto_merge": .null,
        ]
        if full {
            let changes = GitHubPulls.changes(pull, in: repository)
            let commits = GitHubPulls.commits(pull, in: repository)
            object["merged"] = .bool(pull.merged)
            object["mergeable"] = pull.merged ? .null : .bool(pull.mergeable)
            object["rebaseable"] = .bool(pull.mergeable)
            object["mergeable_state"] = .string(
                pull.merged ? "unknown" : !pull.mergeable ? "dirty" : pull.draft ? "draft" : "clean"
            )
            object["merged_by"] = pull.mergedBy.map { user($0) } ?? .null
            object["comments"] = .integer(issue.comments)
            object["review_comments"] = 0
            object["maintainer_can_modify"] = false
            object["commits"] = .integer(commits.count)
            object["additions"] = .integer(changes.reduce(0) { $0 + $1.additions })
            object["deletions"] = .integer(changes.reduce(0) { $0 + $1.deletions })
            object["changed_files"] = .integer(changes.count)
        }
        return .object(object)
    }

    func file(_ change: GitObjects.FileChange, ref: String, in repository: RepositoryRecord) -> JSONValue {
        [
            "sha": .string(change.sha),
            "filename": .string(change.path),
            "status": .string(change.status),
            "additions": .integer(change.additions),
            "deletions": .integer(change.deletions),
            "changes": .integer(change.additions + change.deletions),
            "blob_url": .string("\(baseURL)/\(repository.fullName)/blob/\(ref)/\(change.path)"),
            "raw_url": .string("\(baseURL)/\(repository.fullName)/raw/\(ref)/\(change.path)"),
            "contents_url": .string("\(api)/repos/\(repository.fullName)/contents/\(change.path)?ref=\(ref)"),
            "patch": .string(change.patch),
        ]
    }

    func review(_ review: ReviewRecord, in repository: RepositoryRecord) -> JSONValue {
        let pullURL = "\(api)/repos/\(repository.fullName)/pulls/\(review.pullNumber)"
        return [
            "id": .integer(review.id),
            "node_id": nodeID("PullRequestReview", review.id),
            "user": user(review.author),
            "body": .string(review.body),
            "state": .string(review.state),
            "html_url": .string(
                "\(baseURL)/\(repository.fullName)/pull/\(review.pullNumber)#pullrequestreview-\(review.id)"
            ),
            "pull_request_url": .string(pullURL),
            "submitted_at": time(review.submittedAt),
            "commit_id": .string(review.commitID),
            "author_association": .string(
                review.author.lowercased() == repository.owner.lowercased() ? "OWNER" : "CONTRIBUTOR"
            ),
        ]
    }

    func checkRun(_ run: CheckRunRecord, in repository: RepositoryRecord) -> JSONValue {
        let url = "\(api)/repos/\(repository.fullName)/check-runs/\(run.id)"
        return [
            "id": .integer(run.id),
            "node_id": nodeID("CheckRun", run.id),
            "head_sha": .string(run.headSHA),
            "external_id": .string(""),
            "url": .string(url),
            "html_url": .string("\(baseURL)/\(repository.fullName)/runs/\(run.id)"),
            "details_url": text(run.detailsURL ?? "\(baseURL)/\(repository.fullName)/runs/\(run.id)"),
            "status": .string(run.status),
            "conclusion": text(run.conclusion),
            "started_at": time(run.startedAt),
            "completed_at": time(run.completedAt),
            "name": .string(run.name),
            "output": [
                "title": text(run.title),
                "summary": text(run.summary),
                "text": .null,
                "annotations_count": 0,
                "annotations_url": .string("\(url)/annotations"),
            ],
            "check_suite": ["id": .integer(run.suiteID)],
            "app": [
                "id": 1, "slug": "emulator-ci", "name": "Emulator CI", "owner": user(repository.owner),
                "node_id": nodeID("App", 1),
            ],
            "pull_requests": [],
        ]
    }

    func status(_ status: StatusRecord, in repository: RepositoryRecord) -> JSONValue {
        [
            "url": .string("\(api)/repos/\(repository.fullName)/statuses/\(status.sha)"),
            "avatar_url": .string("\(baseURL)/avatars/\(status.creator)"),
            "id": .integer(status.id),
            "node_id": nodeID("StatusContext", status.id),
            "state": .string(status.state),
            "description": text(status.description),
            "target_url": text(status.targetURL),
            "context": .string(status.context),
            "created_at": time(status.createdAt),
            "updated_at": time(status.createdAt),
            "creator": user(status.creator),
        ]
    }

    func release(_ release: ReleaseRecord, in repository: RepositoryRecord) -> JSONValue {
        let url = "\(api)/repos/\(repository.fullName)/releases/\(release.id)"
        return [
            "url": .string(url),
            "html_url": .string("\(baseURL)/\(repository.fullName)/releases/tag/\(release.tagName)"),
            "assets_url": .string("\(url)/assets"),
            "upload_url": .string(
                "\(baseURL)/uploads/repos/\(repository.fullName)/releases/\(release.id)/assets{?name,label}"
            ),
            "tarball_url": .string("\(api)/repos/\(repository.fullName)/tarball/\(release.tagName)"),
            "zipball_url": .string("\(api)/repos/\(repository.fullName)/zipball/\(release.tagName)"),
            "id": .integer(release.id),
            "node_id": nodeID("Release", release.id),
            "tag_name": .string(release.tagName),
            "target_commitish": .string(release.targetCommitish),
            "name": text(release.name),
            "body": text(release.body),
            "draft": .bool(release.draft),
            "prerelease": .bool(release.prerelease),
            "created_at": time(release.createdAt),
            "published_at": time(release.publishedAt),
            "author": user(release.author),
            "assets": [],
        ]
    }

    func commit(_ commit: CommitRecord, in repository: RepositoryRecord, withFiles: Bool) -> JSONValue {
        let repoURL = "\(api)/repos/\(repository.fullName)"
        let signature: JSONValue = [
            "name": .string(commit.author),
            "email": .string("\(commit.author)@users.noreply.emulator"),
            "date": time(commit.date),
        ]
        var object: [String: JSONValue] = [
            "sha": .string(commit.sha),
            "node_id": .string(Data("Commit:\(commit.sha)".utf8).base64EncodedString()),
            "url": .string("\(repoURL)/commits/\(commit.sha)"),
            "html_url": .string("\(baseURL)/\(repository.fullName)/commit/\(commit.sha)"),
            "comments_url": .string("\(repoURL)/commits/\(commit.sha)/comments"),
            "commit": [
                "url": .string("\(repoURL)/git/commits/\(commit.sha)"),
                "author": signature,
                "committer": signature,
                "message": .string(commit.message),
                "tree": ["sha": .string(commit.treeSHA), "url": .string("\(repoURL)/git/trees/\(commit.treeSHA)")],
                "comment_count": 0,
            ],
            "author": user(commit.author),
            "committer": user(commit.author),
            "parents": .array(
                commit.parents.map {
                    [
                        "sha": .string($0), "url": .string("\(repoURL)/commits/\($0)"),
                        "html_url": .string("\(baseURL)/\(repository.fullName)/commit/\($0)"),
                    ]
                }
            ),
        ]
        if withFiles {
            let parentFiles = commit.parents.first.flatMap { repository.commits[$0]?.files } ?? [:]
            let changes = GitObjects.changes(from: parentFiles, to: commit.files)
            let additions = changes.reduce(0) { $0 + $1.additions }
            let deletions = changes.reduce(0) { $0 + $1.deletions }
            object["stats"] = [
                "total": .integer(additions + deletions), "additions": .integer(additions),
                "deletions": .integer(deletions),
            ]
            object["files"] = .array(changes.map { file($0, ref: commit.sha, in: repository) })
        }
        return .object(object)
    }

    func gitRef(_ ref: String, sha: String, in repository: RepositoryRecord) -> JSONValue {
        let repoURL = "\(api)/repos/\(repository.fullName)"
        return [
            "ref": .string(ref),
            "node_id": .string(Data("Ref:\(ref)".utf8).base64EncodedString()),
            "url": .string("\(repoURL)/git/\(ref)"),
            "object": ["type": "commit", "sha": .string(sha), "url": .string("\(repoURL)/git/commits/\(sha)")],
        ]
    }

    func app(_ app: AppRecord) -> JSONValue {
        [
            "id": .integer(app.id),
            "slug": .string(app.slug),
            "node_id": nodeID("App", app.id),
            "client_id": .string("Iv1.emulator\(app.id)"),
            "owner": user(app.owner),
            "name": .string(app.name),
            "description": .string("GitHub App \(app.slug) (emulated)"),
            "external_url": .string("\(baseURL)/apps/\(app.slug)"),
            "html_url": .string("\(baseURL)/apps/\(app.slug)"),
            "created_at": time(app.createdAt),
            "updated_at": time(app.createdAt),
            "permissions": .object(app.permissions.mapValues { .string($0) }),
            "events": [],
            "installations_count": .integer(world.installations.values.filter { $0.appID == app.id }.count),
        ]
    }

    func installation(_ installation: InstallationRecord) -> JSONValue {
        let app = world.apps[installation.appID]
        let account = world.users[installation.account.lowercased()]
        return [
            "id": .integer(installation.id),
            "account": user(installation.account),
            "repository_selection": .string(installation.repositories == nil ? "all" : "selected"),
            "access_tokens_url": .string("\(api)/app/installations/\(installation.id)/access_tokens"),
            "repositories_url": .string("\(api)/installation/repositories"),
            "html_url": .string(
                "\(baseURL)/organizations/\(installation.account)/settings/installations/\(installation.id)"
            ),
            "app_id": .integer(installation.appID),
            "app_slug": text(app?.slug),
            "target_id": .integer(account?.id ?? 0),
            "target_type": .string(account?.type ?? "Organization"),
            "permissions": .object(installation.permissions.mapValues { .string($0) }),
            "events": [],
            "created_at": time(installation.createdAt),
            "updated_at": time(installation.createdAt),
            "single_file_name": .null,
            "suspended_at": .null,
            "suspended_by": .null,
        ]
    }
}
