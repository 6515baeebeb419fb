"""Websocket routes. Apps add theirs to `websocket_urlpatterns` (room grammar: docs/realtime.md)."""

from channels.routing import URLRouter
from django.urls import path

from ruche.realtime.auth import websocket_auth_stack
from ruche.realtime.consumers import WhoAmIConsumer

websocket_urlpatterns = [
    path("ws/whoami", WhoAmIConsumer.as_asgi()),
]

websocket_application = websocket_auth_stack(URLRouter(websocket_urlpatterns))
