"""Contract test: PyGithub, GitHub's widely used Python client, pointed at the GitHub emulator.

Usage: pygithub_contract.py BASE_URL TOKEN APP_ID PRIVATE_KEY_PEM_FILE INSTALLATION_ID

The emulator must run with its demo seed plus the given app and installation. Every step uses PyGithub's own
request building and response parsing; a shape or status the client does not accept fails the run. Prints one line
per step and `OK <n> checks` at the end; exits 1 with the failing step otherwise.
"""

import sys
import time
import traceback

from github import Auth, Github, GithubException, GithubIntegration

checks = 0


def check(condition, message):
    global checks
    checks += 1
    if not condition:
        raise AssertionError(message)


started = time.monotonic()


def step(name):
    print(f"- [{time.monotonic() - started:6.2f}s] {name}", flush=True)


def main():  # noqa: PLR0915 - one linear walk through the API
    base_url, token, app_id, key_file, installation_id = sys.argv[1:6]
    installation_id = int(installation_id)
    # No client-side throttling (PyGithub waits between requests and writes by default, for github.com).
    fast = {"retry": None, "seconds_between_requests": 0, "seconds_between_writes": 0}
    gh = Github(base_url=base_url, auth=Auth.Token(token), per_page=2, **fast)

    step("get repo")
    repo = gh.get_repo("acme/widgets")
    check(repo.full_name == "acme/widgets", f"full_name {repo.full_name}")
    check(repo.default_branch == "main", f"default_branch {repo.default_branch}")

    step("get and list issues (Link pagination, per_page=2)")
    issue = repo.get_issue(1)
    check(issue.title == "Widgets crash on empty input", f"title {issue.title}")
    check([label.name for label in issue.labels] == ["bug"], "labels of #1")
    open_numbers = sorted(i.number for i in repo.get_issues(state="open"))
    check(open_numbers == [1, 2, 4], f"open issues {open_numbers}")
    all_issues = repo.get_issues(state="all")
    check(all_issues.totalCount == 4, f"totalCount {all_issues.totalCount}")

    step("list comments")
    comments = list(issue.get_comments())
    check(len(comments) == 2 and comments[0].user.login == "alice", "comments of #1")

    step("create issue, comment, edit, add labels")
    created = repo.create_issue(title="Contract issue", body="made by PyGithub", labels=["bug"], assignees=["bob"])
    check(created.number == 5, f"new issue number {created.number}")
    comment = created.create_comment("first comment")
    check(comment.body == "first comment", "comment body")
    created.edit(title="Contract issue (edited)", state="closed", state_reason="completed")
    reread = repo.get_issue(created.number)
    check(reread.title == "Contract issue (edited)" and reread.state == "closed", "edited issue")
    check(reread.state_reason == "completed", f"state_reason {reread.state_reason}")
    reread.add_to_labels("enhancement")
    check(sorted(label.name for label in repo.get_issue(5).labels) == ["bug", "enhancement"], "labels added")
    try:
        repo.create_issue(title="")
        check(False, "an empty title must be refused")
    except GithubException as error:
        check(error.status == 422, f"empty title status {error.status}")

    step("get pull request, files, reviews, create review")
    pull = repo.get_pull(4)
    head_sha = pull.head.sha
    check(pull.mergeable is True and pull.merged is False, "pull #4 mergeable and open")
    check(pull.base.ref == "main" and pull.head.ref == "feature/faster-widgets", "pull refs")
    files = sorted(f.filename for f in pull.get_files())
    check(files == ["Sources/Widgets/Cache.swift", "Sources/Widgets/Widget.swift"], f"files {files}")
    reviews = list(pull.get_reviews())
    check(len(reviews) == 1 and reviews[0].state == "APPROVED", "existing review")
    review = pull.create_review(body="LGTM from the contract test", event="APPROVE")
    check(review.state == "APPROVED", f"review state {review.state}")

    step("compare, contents, combined status, check runs")
    comparison = repo.compare("main", "feature/faster-widgets")
    check(comparison.status == "ahead" and comparison.ahead_by == 1, f"compare {comparison.status}")
    check(len(comparison.files) == 2, "compare files")
    readme = repo.get_contents("README.md")
    check(readme.encoding == "base64", "contents encoding")
    check(readme.decoded_content.decode().startswith("# widgets"), "decoded README")
    listing = repo.get_contents("Sources/Widgets", ref="feature/faster-widgets")
    check(sorted(item.name for item in listing) == ["Cache.swift", "Widget.swift"], "directory listing")
    commit = repo.get_commit(head_sha)
    check(commit.get_combined_status().state == "success", "combined status")
    runs = commit.get_check_runs()
    check(runs.totalCount == 2, f"check runs {runs.totalCount}")
    check(all(run.conclusion == "success" for run in runs), "check conclusions")

    step("search issues")
    found = gh.search_issues("repo:acme/widgets is:issue label:bug")
    check(sorted(i.number for i in found) == [1, 5], f"search {[i.number for i in found]}")
    check(gh.search_issues("widgets crash", repo="acme/widgets").totalCount == 1, "search words")

    step("merge: wrong sha is a conflict, right sha merges")
    try:
        pull.merge(merge_method="squash", sha="0" * 40)
        check(False, "a stale sha must be refused")
    except GithubException as error:
        check(error.status == 409, f"stale sha status {error.status}")
    merged = pull.merge(merge_method="squash", sha=head_sha, commit_title="Make widgets faster (#4)")
    check(merged.merged is True and len(merged.sha) == 40, "merge result")
    check(repo.get_pull(4).merged is True, "pull merged")

    step("releases: create, list, latest, delete")
    release = repo.create_git_release(tag="v2.0.0", name="v2.0.0", message="Contract release")
    check(release.tag_name == "v2.0.0", "created release")
    tags = [r.tag_name for r in repo.get_releases()]
    check(tags[0] == "v2.0.0" and len(tags) == 5, f"releases {tags}")
    check(repo.get_latest_release().tag_name == "v2.0.0", "latest release")
    release.delete_release()
    check(repo.get_latest_release().tag_name == "v1.1.0", "latest after delete")

    step("delete ref")
    ref = repo.get_git_ref("heads/feature/faster-widgets")
    check(ref.object.sha == head_sha, "ref sha")
    ref.delete()
    try:
        repo.get_git_ref("heads/feature/faster-widgets")
        check(False, "the deleted ref must be gone")
    except GithubException as error:
        check(error.status == 404, f"deleted ref status {error.status}")

    step("GitHub App: JWT, app, installation, installation token")
    with open(key_file, encoding="utf-8") as handle:
        private_key = handle.read()
    app_auth = Auth.AppAuth(int(app_id), private_key)
    integration = GithubIntegration(base_url=base_url, auth=app_auth, **fast)
    app = integration.get_app()
    check(app.id == int(app_id), f"app id {app.id}")
    installation = integration.get_repo_installation("acme", "widgets")
    check(installation.id == installation_id, f"installation id {installation.id}")
    access = integration.get_access_token(installation_id)
    check(access.token.startswith("ghs_") and access.expires_at is not None, "installation token")
    as_app = Github(base_url=base_url, auth=app_auth.get_installation_auth(installation_id), **fast)
    app_repo = as_app.get_repo("acme/widgets")
    check(app_repo.get_issue(1).title == "Widgets crash on empty input", "read as the installation")
    app_comment = app_repo.get_issue(1).create_comment("from the app")
    check(app_comment.user.login.endswith("[bot]"), f"app comment author {app_comment.user.login}")

    step("bad credentials")
    try:
        Github(base_url=base_url, auth=Auth.Token("ghp_wrong"), **fast).get_repo("acme/widgets")
        check(False, "a wrong token must be refused")
    except GithubException as error:
        check(error.status == 401, f"wrong token status {error.status}")

    print(f"OK {checks} checks", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # noqa: BLE001 - report any failure with its step
        traceback.print_exc()
        print(f"FAILED after {checks} checks", flush=True)
        sys.exit(1)
