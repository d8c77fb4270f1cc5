"""Slack's official Python SDK (slack-sdk, pinned in setup-venv.sh) against the Slack emulator: every Web API
method the slack pack uses, cursor paging, an ok:false error, and the incoming webhook.

Usage: slack_sdk_contract.py BASE_URL BOT_TOKEN WEBHOOK_URL. Prints "OK <count>" when every check passed.
"""
import sys

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

base, token, webhook_url = sys.argv[1:4]
client = WebClient(token=token, base_url=base + "/api/")
checks = 0


def check(condition, what):
    global checks
    if not condition:
        print("FAILED: " + what)
        sys.exit(1)
    checks += 1


me = client.auth_test()
check(me["ok"] and me["user_id"] == "U0CORDUMBOT" and me["team_id"] == "T0DEMO000", "auth.test")

names = []
pages = 0
for page in client.conversations_list(limit=2, types="public_channel"):
    pages += 1
    names += [channel["name"] for channel in page["channels"]]
check(pages >= 2 and {"general", "deploys", "incidents"} <= set(names), "conversations.list paged: %r" % names)

info = client.conversations_info(channel="C0INCIDENTS")
check(info["channel"]["name"] == "incidents", "conversations.info")

history = client.conversations_history(channel="C0INCIDENTS", limit=1)
check(len(history["messages"]) == 1 and history["has_more"], "conversations.history first page")
cursor = history["response_metadata"]["next_cursor"]
second = client.conversations_history(channel="C0INCIDENTS", limit=1, cursor=cursor)
check(second["messages"][0]["ts"] != history["messages"][0]["ts"], "conversations.history second page")

replies = client.conversations_replies(channel="C0INCIDENTS", ts="1700000100.000100")
check([m["text"] for m in replies["messages"]][:1] == ["Checkout errors are up"] and len(replies["messages"]) == 3,
      "conversations.replies")

check(client.users_info(user="U0ALICE")["user"]["name"] == "alice", "users.info")
check(client.users_lookupByEmail(email="bob@example.com")["user"]["id"] == "U0BOB", "users.lookupByEmail")

posted = client.chat_postMessage(
    channel="C0DEPLOYMENTS", text="Deploy finished.",
    blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*Deploy* finished."}}])
check(posted["ok"] and posted["channel"] == "C0DEPLOYMENTS" and posted["message"]["text"] == "Deploy finished.",
      "chat.postMessage")
updated = client.chat_update(channel="C0DEPLOYMENTS", ts=posted["ts"], text="Deploy finished (green).")
check(updated["text"] == "Deploy finished (green).", "chat.update")
ephemeral = client.chat_postEphemeral(channel="C0INCIDENTS", user="U0ALICE", text="Only you see this.")
check(ephemeral["message_ts"], "chat.postEphemeral")
check(client.reactions_add(channel="C0DEPLOYMENTS", timestamp=posted["ts"], name="eyes")["ok"], "reactions.add")

created = client.conversations_create(name="inc-sdk-check")
channel = created["channel"]["id"]
check(created["channel"]["name"] == "inc-sdk-check", "conversations.create")
invited = client.conversations_invite(channel=channel, users=["U0ALICE", "U0BOB"])
check(invited["channel"]["num_members"] == 3, "conversations.invite (users as a list)")
topic = client.conversations_setTopic(channel=channel, topic="SEV2: sdk check")
check(topic["channel"]["topic"]["value"] == "SEV2: sdk check", "conversations.setTopic")
check(client.chat_delete(channel="C0DEPLOYMENTS", ts=posted["ts"])["ok"], "chat.delete")
check(client.conversations_archive(channel=channel)["ok"], "conversations.archive")

try:
    client.conversations_info(channel="C0NOSUCHCHANNEL")
    check(False, "conversations.info of an unknown channel must fail")
except SlackApiError as error:
    check(error.response["error"] == "channel_not_found", "channel_not_found as SlackApiError")

sent = WebhookClient(webhook_url).send(text="Nightly backup finished.")
check(sent.status_code == 200 and sent.body == "ok", "incoming webhook: %r %r" % (sent.status_code, sent.body))
unknown = WebhookClient(base + "/services/T0DEMO000/B0NOHOOK/notarealsecret00000000").send(text="x")
check(unknown.status_code == 404 and unknown.body == "no_service", "unknown webhook")

print("OK %d" % checks)
