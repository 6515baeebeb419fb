"""Reads about people, including everything Ruche holds about one (GDPR access right)."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from ruche.accounts.models import PersonalAccessToken, User

# Each app registers a function returning what it holds about a person, under its own key.
PersonalDataSource = Callable[[User], Any]
_personal_data_sources: dict[str, PersonalDataSource] = {}


def register_personal_data(key: str, source: PersonalDataSource) -> None:
    _personal_data_sources[key] = source


def token_list(*, actor: User) -> QuerySet[PersonalAccessToken]:
    return PersonalAccessToken.objects.filter(user=actor)


def personal_data_export(*, actor: User) -> dict[str, Any]:
    """Everything about the actor, as JSON-ready data."""
    data: dict[str, Any] = {
        "format": "ruche-personal-data",
        "version": 1,
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "id": actor.pk,
            "email": actor.email,
            "display_name": actor.display_name,
            "languages": actor.languages,
            "bio": actor.bio,
            "avatar_colour": actor.colour,
            "ui_language": actor.ui_language,
            "time_zone": actor.time_zone,
            "date_joined": actor.date_joined.isoformat(),
            "last_login": actor.last_login.isoformat() if actor.last_login else None,
        },
        "tokens": [
            {
                "label": t.label,
                "hint": t.hint,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked": t.revoked_at is not None,
            }
            for t in token_list(actor=actor)
        ],
    }
    for key, source in sorted(_personal_data_sources.items()):
        data[key] = source(actor)
    return data
