"""What every page view shares: log in first; hidden things 404, refused things 403."""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from ruche.accounts.models import User
from ruche.core.errors import Forbidden, NotFound

View = Callable[..., HttpResponse]


def page(view: View) -> View:
    """Require a login; turn NotFound into 404 and Forbidden into 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404() from exc
        except Forbidden as exc:
            raise PermissionDenied(exc.detail) from exc

    return login_required(wrapper)


def actor_of(request: HttpRequest) -> User:
    """The logged-in person (pages decorated with `page` always have one)."""
    return cast(User, request.user)
