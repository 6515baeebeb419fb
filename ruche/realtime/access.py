"""Access changes reach open connections: a membership change is forwarded to the
person's group `rt.user.<id>`; each of their consumers, in every process, asks the gate
again and closes (4403) or becomes read-only."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ruche.realtime.kinds import user_group
from ruche.spaces.services import MembershipChanged

log = logging.getLogger("ruche.realtime")


def forward_membership_change(event: MembershipChanged) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            user_group(event.user_id), {"type": "rt.access", "user_id": event.user_id}
        )
    except Exception:
        log.warning(
            "could not tell user %s's connections about an access change",
            event.user_id,
            exc_info=True,
        )
