"""Fetching one object for an access gate: missing and malformed keys look the same."""

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet

from ruche.core.errors import NotFound

M = TypeVar("M", bound=Model)


def get_or_not_found(queryset: QuerySet[M], key: object) -> M:
    """The object with this primary key, or NotFound (a malformed id is simply not found)."""
    try:
        return queryset.get(pk=key)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise NotFound() from exc
