"""ASGI entry point: HTTP goes to Django, websockets to the realtime routing."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

from channels.routing import ProtocolTypeRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402

django_asgi = get_asgi_application()

from ruche.realtime.routing import websocket_application  # noqa: E402

application = ProtocolTypeRouter({"http": django_asgi, "websocket": websocket_application})
