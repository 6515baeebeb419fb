from django.http import HttpRequest
from ninja import Router, Schema

from ruche.accounts import selectors, services

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    email: str | None
    display_name: str
    languages: str
    bio: str
    avatar_colour: str
    initials: str
    ui_language: str
    time_zone: str
    is_site_admin: bool


class ProfileIn(Schema):
    display_name: str | None = None
    languages: str | None = None
    bio: str | None = None
    avatar_colour: str | None = None
    ui_language: str | None = None
    time_zone: str | None = None


def _me(user: object) -> dict[str, object]:
    return {
        "id": user.pk,  # type: ignore[attr-defined]
        "email": user.email,  # type: ignore[attr-defined]
        "display_name": user.display_name,  # type: ignore[attr-defined]
        "languages": user.languages,  # type: ignore[attr-defined]
        "bio": user.bio,  # type: ignore[attr-defined]
        "avatar_colour": user.colour,  # type: ignore[attr-defined]
        "initials": user.initials,  # type: ignore[attr-defined]
        "ui_language": user.ui_language,  # type: ignore[attr-defined]
        "time_zone": user.time_zone,  # type: ignore[attr-defined]
        "is_site_admin": user.is_site_admin,  # type: ignore[attr-defined]
    }


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, object]:
    return _me(request.user)


@router.patch("/me", response=MeOut)
def me_update(request: HttpRequest, payload: ProfileIn) -> dict[str, object]:
    changes = payload.dict(exclude_none=True)
    return _me(services.profile_update(actor=request.user, **changes))  # type: ignore[arg-type]


@router.get("/me/export")
def me_export(request: HttpRequest) -> dict[str, object]:
    return selectors.personal_data_export(actor=request.user)  # type: ignore[arg-type]
