"""Websocket routes. `/ws/<kind>s/<uuid>` serves every registered room kind
(`/ws/pads/<uuid>` -> room `pad:<uuid>`); see docs/realtime.md."""

from channels.routing import URLRouter
from django.urls import path, re_path

from ruche.boards.consumers import BoardConsumer
from ruche.realtime.auth import websocket_auth_stack
from ruche.realtime.consumers import DocumentConsumer, WhoAmIConsumer

websocket_urlpatterns = [
    path("ws/whoami", WhoAmIConsumer.as_asgi()),
    # Boards are server-held, filtered per viewer (docs/boards.md): before the room kinds.
    path("ws/boards/<uuid:board_id>", BoardConsumer.as_asgi()),
    re_path(
        r"^ws/(?P<kind>[a-z][a-z0-9_]*)s/(?P<object_id>[0-9a-fA-F-]{36})$",
        DocumentConsumer.as_asgi(),  # type: ignore[arg-type]
    ),
]

websocket_application = websocket_auth_stack(URLRouter(websocket_urlpatterns))
