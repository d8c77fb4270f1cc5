"""msgraph-sdk (Microsoft's Python SDK for Graph, PyPI "msgraph-sdk") against the msteams emulator: every Graph call
the pack makes, @odata.nextLink paging, Adaptive Card attachments and an error answer, through the SDK's own request
builders, models and middleware.

Usage: msgraph_sdk_contract.py BASE_URL TENANT_ID CLIENT_ID CLIENT_SECRET TEAM_ID

The SDK reaches Graph at BASE_URL/v1.0 (GraphRequestAdapter.base_url); kiota's bearer-token provider sends only to
hosts its validator allows and accepts plain http for 127.0.0.1. Tokens come from the emulator's Entra ID endpoint
through a small kiota AccessTokenProvider here, because azure-identity's ClientSecretCredential (MSAL underneath)
accepts only an https authority, which a loopback emulator does not serve.
"""

import asyncio
import json
import sys
from urllib.parse import urlparse

import httpx
from kiota_abstractions.authentication import (
    AccessTokenProvider,
    AllowedHostsValidator,
    BaseBearerTokenAuthenticationProvider,
)
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph.generated.models.body_type import BodyType
from msgraph.generated.models.channel import Channel
from msgraph.generated.models.channel_membership_type import ChannelMembershipType
from msgraph.generated.models.chat_message import ChatMessage
from msgraph.generated.models.chat_message_attachment import ChatMessageAttachment
from msgraph.generated.models.item_body import ItemBody
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.teams.teams_request_builder import TeamsRequestBuilder


class EmulatorTokens(AccessTokenProvider):
    """Entra ID's client credentials grant against the emulator's token endpoint, the token kept until it expires."""

    def __init__(self, token_url, client_id, client_secret, host):
        self.token_url = token_url
        self.form = {
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": "https://graph.microsoft.com/.default",
        }
        self.validator = AllowedHostsValidator([host])
        self.token = None
        self.exchanges = 0

    async def get_authorization_token(self, uri, additional_authentication_context=None):
        if self.token is None:
            async with httpx.AsyncClient() as client:
                answer = await client.post(self.token_url, data=self.form)
                answer.raise_for_status()
                self.token = answer.json()["access_token"]
                self.exchanges += 1
        return self.token

    def get_allowed_hosts_validator(self):
        return self.validator


def card(text):
    return {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": text, "wrap": True}]}


def card_message(text, attachment_id):
    return ChatMessage(
        body=ItemBody(content_type=BodyType.Html, content=f'{text}<attachment id="{attachment_id}"></attachment>'),
        attachments=[
            ChatMessageAttachment(
                id=attachment_id,
                content_type="application/vnd.microsoft.card.adaptive",
                content=json.dumps(card(text)),
            )
        ],
    )


async def main(base_url, tenant, client_id, secret, team):
    host = urlparse(base_url).hostname
    tokens = EmulatorTokens(f"{base_url}/{tenant}/oauth2/v2.0/token", client_id, secret, host)
    adapter = GraphRequestAdapter(BaseBearerTokenAuthenticationProvider(tokens))
    adapter.base_url = f"{base_url}/v1.0"
    graph = GraphServiceClient(request_adapter=adapter)

    # teams.list, one team per page: the SDK follows @odata.nextLink with with_url.
    config = RequestConfiguration(query_parameters=TeamsRequestBuilder.TeamsRequestBuilderGetQueryParameters(top=1))
    page = await graph.teams.get(request_configuration=config)
    names = [t.display_name for t in page.value]
    while page.odata_next_link:
        page = await graph.teams.with_url(page.odata_next_link).get()
        names += [t.display_name for t in page.value]
    assert names == ["Operations", "Platform"], names

    # channels.list
    channels = await graph.teams.by_team_id(team).channels.get()
    by_name = {c.display_name: c.id for c in channels.value}
    assert set(by_name) >= {"General", "Deployments", "Incidents"}, by_name
    incidents = by_name["Incidents"]

    # channels.messages.list and channels.messages.replies
    messages = await graph.teams.by_team_id(team).channels.by_channel_id(incidents).messages.get()
    parent = messages.value[0]
    assert parent.body.content == "Checkout answers 5% errors", parent.body.content
    replies = (
        await graph.teams.by_team_id(team).channels.by_channel_id(incidents).messages.by_chat_message_id(parent.id)
        .replies.get()
    )
    assert [r.reply_to_id for r in replies.value] == [parent.id], replies.value

    # users.lookup, by user principal name and by object id
    alice = await graph.users.by_user_id("alice@contoso.example").get()
    assert alice.display_name == "Alice Wong", alice.display_name
    again = await graph.users.by_user_id(alice.id).get()
    assert again.mail == "alice@contoso.example"

    # channels.messages.post with an Adaptive Card, channels.messages.reply, chats.messages.post
    posted = await graph.teams.by_team_id(team).channels.by_channel_id(by_name["Deployments"]).messages.post(
        card_message("Deploy finished", "0a1b2c3d-0000-4000-8000-000000000001")
    )
    assert posted.id and posted.attachments[0].content_type == "application/vnd.microsoft.card.adaptive"
    assert json.loads(posted.attachments[0].content)["type"] == "AdaptiveCard"
    reply = (
        await graph.teams.by_team_id(team).channels.by_channel_id(incidents).messages.by_chat_message_id(parent.id)
        .replies.post(ChatMessage(body=ItemBody(content_type=BodyType.Text, content="Mitigated.")))
    )
    assert reply.reply_to_id == parent.id
    chat = await graph.chats.by_chat_id("19:alice-bob@unq.gbl.spaces").messages.post(
        ChatMessage(body=ItemBody(content_type=BodyType.Html, content="<b>Heads up</b>"))
    )
    assert chat.body.content_type == BodyType.Html

    # channels.create and channels.delete
    created = await graph.teams.by_team_id(team).channels.post(
        Channel(display_name="inc-7-sdk", description="SEV2", membership_type=ChannelMembershipType.Standard)
    )
    assert created.display_name == "inc-7-sdk" and created.id.startswith("19:")
    await graph.teams.by_team_id(team).channels.by_channel_id(created.id).delete()
    after = await graph.teams.by_team_id(team).channels.get()
    assert created.id not in [c.id for c in after.value]

    # An error answer: Graph's {"error": {"code", "message"}} becomes the SDK's ODataError.
    try:
        await graph.users.by_user_id("nobody@contoso.example").get()
        raise AssertionError("a missing user did not fail")
    except ODataError as error:
        assert error.response_status_code == 404, error.response_status_code
        assert error.error.code == "Request_ResourceNotFound", error.error.code

    assert tokens.exchanges == 1, tokens.exchanges
    print("OK msgraph-sdk: 12 Graph calls, paging, cards, an error")


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:6]))
