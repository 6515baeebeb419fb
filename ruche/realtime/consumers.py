"""Consumers hold no domain rules: authenticate, call the gate, hand bytes to the room."""

import json

from channels.generic.websocket import AsyncWebsocketConsumer


class WhoAmIConsumer(AsyncWebsocketConsumer):
    """Tells a client who the server thinks it is: a probe for websocket authentication."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        await self.accept()
        await self.send(text_data=json.dumps({"id": user.pk, "display_name": user.public_name}))
