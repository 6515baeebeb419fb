"""From a board's change event to its open websockets: one message to the board's group;
each connection then re-reads its own viewer's view (consumers.py)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from ruche.boards.services import BoardChanged

log = logging.getLogger("ruche.boards")


def board_group(board_id: object) -> str:
    return f"boards.{board_id}"


def forward_board_change(event: BoardChanged) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(board_group(event.board_id), {"type": "board.changed"})
    except Exception:
        log.warning("could not tell board %s's connections", event.board_id, exc_info=True)
