"""The jira Python client (PyPI "jira", pinned in setup-venv.sh) against the Jira emulator, on REST API v3: server
info, myself, a project, issues (get, create, update, delete), JQL search (GET and POST /search/jql with
nextPageToken paging), comments, transitions by name, attachments, issue links and an error answer.

Usage: jira_client_contract.py BASE_URL EMAIL API_TOKEN. Prints "OK <count>" when every check passed.
"""
import io
import sys

from jira import JIRA
from jira.exceptions import JIRAError

base, email, token = sys.argv[1:4]
client = JIRA(server=base, basic_auth=(email, token), options={"rest_api_version": "3"}, max_retries=0)
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    checks += 1


def adf(text):
    return {"type": "doc", "version": 1, "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}]}


info = client.server_info()
check(info["deploymentType"] == "Cloud", "serverInfo: %r" % info)

me = client.myself()
check(me["accountId"] == "acct-cordum", "myself: %r" % me)

project = client.project("OPS")
check(project.key == "OPS" and project.name == "Operations", "project")

issue = client.issue("OPS-1")
check(issue.fields.summary == "Checkout latency above SLO" and issue.fields.status.name == "In Progress", "issue")
check(issue.fields.assignee.accountId == "acct-alice", "issue assignee")

keys = [found.key for found in client.enhanced_search_issues("project = OPS ORDER BY key ASC", maxResults=0, fields=["summary"])]
check(keys == ["OPS-1", "OPS-2", "OPS-3", "OPS-4"], "GET search/jql, all pages: %r" % keys)
page = client.enhanced_search_issues("project = OPS ORDER BY key ASC", maxResults=2, fields=["summary"], use_post=True)
check([found.key for found in page] == ["OPS-1", "OPS-2"] and page.nextPageToken, "POST search/jql, first page")
rest = client.enhanced_search_issues(
    "project = OPS ORDER BY key ASC", maxResults=2, fields=["summary"], use_post=True, nextPageToken=page.nextPageToken
)
check([found.key for found in rest] == ["OPS-3", "OPS-4"], "POST search/jql, next page")

comments = client.comments("OPS-1")
check(len(comments) == 3 and comments[0].author.accountId == "acct-alice", "comments")

created = client.create_issue(fields={
    "project": {"key": "OPS"}, "summary": "Created by the jira client", "issuetype": {"name": "Task"},
    "description": adf("From Python."), "labels": ["python"],
})
check(created.key == "OPS-5" and created.fields.labels == ["python"], "create_issue: %s" % created.key)

created.update(fields={"summary": "Renamed by the jira client"})
check(client.issue(created.key).fields.summary == "Renamed by the jira client", "update")

comment = client.add_comment(created.key, adf("A comment from Python."))
check(comment.raw["body"]["content"][0]["content"][0]["text"] == "A comment from Python.", "add_comment")

names = [transition["name"] for transition in client.transitions(created.key)]
check(names == ["In Progress", "Done"], "transitions: %r" % names)
client.transition_issue(created.key, "Done")
check(client.issue(created.key).fields.status.name == "Done", "transition_issue by name")

attachment = client.add_attachment(created.key, io.BytesIO(b"minute,p99\n1,2400\n"), filename="p99.csv")
check(attachment.filename == "p99.csv" and attachment.size == 18, "add_attachment")

client.create_issue_link("Blocks", "OPS-1", created.key)
linked = client.issue(created.key).fields.issuelinks
check(len(linked) == 1 and linked[0].type.name == "Blocks", "create_issue_link")

try:
    client.issue("OPS-999")
    check(False, "a missing issue raises")
except JIRAError as error:
    check(error.status_code == 404 and "does not exist" in error.text, "404 answer: %s" % error.text)

created.delete()
try:
    client.issue(created.key)
    check(False, "a deleted issue is gone")
except JIRAError as error:
    check(error.status_code == 404, "deleted")

print("OK %d" % checks)
