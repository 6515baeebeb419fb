"""Events leave only from services, after the transaction commits.

An event is a small frozen dataclass; subscribers register per event class. The
realtime layer and notifications subscribe here; nothing calls them directly.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

_subscribers: dict[type, list[Callable[[Any], None]]] = defaultdict(list)


def subscribe(event_type: type, handler: Callable[[Any], None]) -> None:
    if handler not in _subscribers[event_type]:
        _subscribers[event_type].append(handler)


def send_event_on_commit(event: object) -> None:
    def deliver() -> None:
        for handler in list(_subscribers[type(event)]):
            handler(event)

    transaction.on_commit(deliver)
