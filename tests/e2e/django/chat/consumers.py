"""One chat room. History on join, broadcast through the channel layer (so a room spans every
daphne process sharing a Redis layer), de-duplication by (user, client_id), and close 4001 the
moment the access token of an open socket expires. Settings can turn the help off (see
chatsite/settings.py): no de-duplication, no client_id in the history, a delayed broadcast."""
import asyncio
import hashlib
import json
import logging
import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import Message

log = logging.getLogger("chat")
TOKEN_REFUSED = 4001


@database_sync_to_async
def history(room):
    recent = Message.objects.filter(room=room).select_related("user").order_by("-id")
    frames = [m.as_frame() for m in reversed(recent[: settings.CHAT_HISTORY_SIZE])]
    if not settings.CHAT_HISTORY_EXTRAS:  # what a tutorial-style site replays
        frames = [{key: f[key] for key in ("message", "user", "created_at", "id")} for f in frames]
    return frames


@database_sync_to_async
def store(room, user, text, client_id):
    """(frame, created): a client id this user already sent in this room gives the original."""
    if not settings.CHAT_DEDUP_CLIENT_IDS:
        # Stored without its client id, which the unique constraint would hold against a resend;
        # the live broadcast still echoes it, as a server that merely relays the field does.
        frame = Message.objects.create(room=room, user=user, text=text).as_frame()
        frame["client_id"] = client_id
        return frame, True
    if client_id:
        existing = Message.objects.filter(room=room, user=user, client_id=client_id).first()
        if existing:
            return existing.as_frame(), False
    try:
        with transaction.atomic():
            return Message.objects.create(room=room, user=user, text=text, client_id=client_id).as_frame(), True
    except IntegrityError:  # the same resend raced in through another connection
        return Message.objects.get(room=room, user=user, client_id=client_id).as_frame(), False


class ChatConsumer(AsyncWebsocketConsumer):
    expiry = None
    broadcasts = None  # (due, event) waiting out CHAT_BROADCAST_DELAY_MS, in the order stored

    async def connect(self):
        self.user = self.scope["user"]
        if not self.user.is_authenticated:
            await self.close(code=TOKEN_REFUSED)  # before accept: daphne sends HTTP 403
            return
        self.room = self.scope["url_route"]["kwargs"]["room_name"]
        # Group names must be short ASCII; room names are any text.
        self.group = "chat_" + hashlib.sha256(self.room.encode()).hexdigest()[:32]
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept(subprotocol=self.scope["token_subprotocol"])
        for frame in await history(self.room):
            await self.send(text_data=json.dumps(frame))
        self.expiry = asyncio.ensure_future(self.close_when_expired(self.scope["token_exp"]))
        log.info("%s joined %s", self.user.username, self.room)

    async def close_when_expired(self, exp):
        await asyncio.sleep(max(0.0, exp - time.time()))
        log.info("access token of %s expired; closing with 4001", self.user.username)
        await self.close(code=TOKEN_REFUSED)

    async def disconnect(self, code):
        if self.expiry:
            self.expiry.cancel()
        if self.broadcasts:
            self.broadcasts.put_nowait(None)  # what is stored still goes out, then the worker ends
        if self.user.is_authenticated:
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        try:
            content = json.loads(text_data or "")
        except ValueError:
            content = None
        text = content.get("message") if isinstance(content, dict) else None
        if not isinstance(text, str) or not text.strip():
            await self.send(text_data=json.dumps({"error": 'Expected a JSON object with a string "message".'}))
            return
        client_id = content.get("client_id")
        client_id = client_id if isinstance(client_id, str) else ""
        frame, created = await store(self.room, self.user, text, client_id[:100])
        if not created:
            await self.send(text_data=json.dumps(frame))  # settles the sender's resend, nobody else's
            return
        event = {"type": "chat.message", "frame": frame}
        if settings.CHAT_BROADCAST_DELAY_MS > 0:
            # A loaded server: stored now, broadcast later, in order. The next frame of this socket
            # is read meanwhile (a sleep here would hold it up: Channels runs one handler at a time).
            if self.broadcasts is None:
                self.broadcasts = asyncio.Queue()
                asyncio.ensure_future(self.broadcast_when_due(self.broadcasts))
            self.broadcasts.put_nowait((time.monotonic() + settings.CHAT_BROADCAST_DELAY_MS / 1000, event))
            return
        await self.channel_layer.group_send(self.group, event)

    async def broadcast_when_due(self, queue):
        while (item := await queue.get()) is not None:
            due, event = item
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            await self.channel_layer.group_send(self.group, event)

    async def chat_message(self, event):
        await self.send(text_data=json.dumps(event["frame"]))
