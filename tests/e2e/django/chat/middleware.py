"""Finds the access token of a WebSocket handshake and puts the user in the scope, like the
JWT middlewares of real Channels sites. Where it looks is a setting (CHAT_TOKEN_TRANSPORTS):
  subprotocol       Sec-WebSocket-Protocol: <jwt>                 -> accept echoes the JWT
  subprotocol-pair  Sec-WebSocket-Protocol: access_token, <jwt>   -> accept echoes access_token
  header            Authorization: Bearer <jwt>
  query             ?token=<jwt>
The consumer refuses an anonymous scope with close(4001) before accept(): daphne turns that
into "HTTP/1.1 403 Access denied" and the close code never reaches the client."""
import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import AccessToken

log = logging.getLogger("chat")
PAIR_NAME = "access_token"


def find_token(scope, transports):
    """(token, subprotocol to echo, transport name), or (None, None, None)."""
    protocols = [p.strip() for p in scope.get("subprotocols", []) if p.strip()]
    if "subprotocol-pair" in transports and len(protocols) == 2 and protocols[0] == PAIR_NAME:
        return protocols[1], PAIR_NAME, "subprotocol-pair"
    if "subprotocol" in transports and len(protocols) == 1:
        return protocols[0], protocols[0], "subprotocol"
    if "header" in transports:
        for name, value in scope.get("headers", []):
            if name == b"authorization" and value.startswith(b"Bearer "):
                return value[7:].decode("latin1").strip(), None, "header"
    if "query" in transports:
        tokens = parse_qs(scope.get("query_string", b"").decode("latin1")).get("token")
        if tokens:
            return tokens[0], None, "query"
    return None, None, None


@database_sync_to_async
def active_user(user_id):
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


class JwtAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        scope = dict(scope, user=AnonymousUser(), token_exp=None, token_subprotocol=None)
        token, subprotocol, transport = find_token(scope, settings.CHAT_TOKEN_TRANSPORTS)
        if token is None:
            log.info("handshake for %s without a token (looking in: %s)", scope["path"],
                     ",".join(settings.CHAT_TOKEN_TRANSPORTS))
        else:
            try:
                access = AccessToken(token)  # checks signature, type and exp (whole seconds)
                user = await active_user(access["user_id"])
                if user is not None:
                    scope.update(user=user, token_exp=access["exp"], token_subprotocol=subprotocol)
                    log.info("%s authenticated by %s", user.username, transport)
            except TokenError as error:
                log.info("token refused: %s", error)  # the message never quotes the token
        return await super().__call__(scope, receive, send)
