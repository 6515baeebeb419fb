"""Video rooms: a Jitsi Meet room per session (optionally with a JWT for a self-hosted
Jitsi) and BigBlueButton through its real API when a server and secret are configured."""

import hashlib
import time
from urllib.parse import quote, urlencode
from urllib.request import urlopen

import jwt
from defusedxml import ElementTree
from django.conf import settings

from ruche.accounts.models import User
from ruche.cohorts.models import CohortSession
from ruche.core.errors import Conflict


def jitsi_url(session: CohortSession, user: User) -> str:
    base = settings.RUCHE_JITSI_URL.rstrip("/")
    url = f"{base}/{quote(session.video_room)}"
    if settings.RUCHE_JITSI_APP_ID and settings.RUCHE_JITSI_APP_SECRET:
        url += "?jwt=" + jitsi_token(session, user)
    return url


def jitsi_token(session: CohortSession, user: User) -> str:
    now = int(time.time())
    claims = {
        "aud": "jitsi", "iss": settings.RUCHE_JITSI_APP_ID, "sub": "*",
        "room": session.video_room, "iat": now, "nbf": now - 10, "exp": now + 4 * 3600,
        "context": {"user": {"name": user.public_name, "email": user.email or ""}},
    }  # fmt: skip
    return jwt.encode(claims, settings.RUCHE_JITSI_APP_SECRET, algorithm="HS256")


def bbb_enabled() -> bool:
    return bool(settings.RUCHE_BBB_URL and settings.RUCHE_BBB_SECRET)


def bbb_call_url(call: str, params: dict[str, str]) -> str:
    """A BigBlueButton API URL with its checksum: sha1(call + query + shared secret)."""
    query = urlencode(params)
    checksum = hashlib.sha1(  # noqa: S324 - the BBB API defines this checksum
        (call + query + settings.RUCHE_BBB_SECRET).encode()
    ).hexdigest()
    base = settings.RUCHE_BBB_URL.rstrip("/")
    return f"{base}/api/{call}?{query}&checksum={checksum}"


def bbb_join_url(session: CohortSession, user: User, *, moderator: bool) -> str:
    """Create the meeting (idempotent on BBB's side), then the personal join URL."""
    create = bbb_call_url("create", {"meetingID": session.video_room, "name": session.title[:100]})
    with urlopen(create, timeout=10) as response:  # noqa: S310 - configured server URL
        reply = ElementTree.fromstring(response.read(64 * 1024))
    if reply.findtext("returncode") != "SUCCESS":
        raise Conflict("The BigBlueButton server refused to create the room.")
    return bbb_call_url(
        "join",
        {
            "meetingID": session.video_room,
            "fullName": user.public_name,
            "role": "MODERATOR" if moderator else "VIEWER",
            "userID": str(user.pk),
        },
    )
