"""/api/v1 glossary: entries of a space, proposals and approval, re-opening, versions,
translations, and the compact term list editors auto-link with (docs/glossary.md)."""

from typing import Any

from ninja import Router, Schema, Status

from ruche.core.http import AuthedRequest
from ruche.glossary import presentation, selectors, services

router = Router(tags=["glossary"])


class EntryIn(Schema):
    term: str
    definition_html: str
    language: str
    variants: list[str] = []


class EntryPatch(Schema):
    term: str | None = None
    definition_html: str | None = None
    language: str | None = None
    variants: list[str] | None = None


class ReopenIn(Schema):
    reason: str = ""


class TranslationIn(Schema):
    language: str
    definition_html: str
    term: str = ""


def _entry(request: AuthedRequest, entry_id: object) -> dict[str, Any]:
    entry = selectors.glossary_entry_get(actor=request.user, entry_id=entry_id)
    return presentation.entry_document(request.user, entry)


@router.get("/spaces/{space_id}/glossary")
def entry_list(request: AuthedRequest, space_id: str, q: str = "", language: str = ""):
    entries = selectors.glossary_entry_list(
        actor=request.user, space_id=space_id, q=q, language=language
    )
    return [presentation.entry_summary(e) for e in entries]


@router.post("/spaces/{space_id}/glossary", response={201: dict[str, Any]})
def entry_propose(request: AuthedRequest, space_id: str, payload: EntryIn):
    entry = services.glossary_entry_propose(actor=request.user, space_id=space_id,
                                            **payload.dict())  # fmt: skip
    return Status(201, _entry(request, entry.pk))


@router.get("/spaces/{space_id}/glossary/terms")
def entry_terms(request: AuthedRequest, space_id: str):
    return selectors.glossary_terms(actor=request.user, space_id=space_id)


@router.get("/glossary/{entry_id}")
def entry_get(request: AuthedRequest, entry_id: str):
    return _entry(request, entry_id)


@router.patch("/glossary/{entry_id}")
def entry_update(request: AuthedRequest, entry_id: str, payload: EntryPatch):
    services.glossary_entry_update(actor=request.user, entry_id=entry_id,
                                   **payload.dict(exclude_unset=True))  # fmt: skip
    return _entry(request, entry_id)


@router.delete("/glossary/{entry_id}", response={204: None})
def entry_delete(request: AuthedRequest, entry_id: str):
    services.glossary_entry_delete(actor=request.user, entry_id=entry_id)
    return Status(204, None)


@router.post("/glossary/{entry_id}/approve")
def entry_approve(request: AuthedRequest, entry_id: str):
    services.glossary_entry_approve(actor=request.user, entry_id=entry_id)
    return _entry(request, entry_id)


@router.post("/glossary/{entry_id}/reopen")
def entry_reopen(request: AuthedRequest, entry_id: str, payload: ReopenIn):
    services.glossary_entry_reopen(actor=request.user, entry_id=entry_id, reason=payload.reason)
    return _entry(request, entry_id)


@router.post("/glossary/{entry_id}/close-revision")
def entry_revision_close(request: AuthedRequest, entry_id: str):
    services.glossary_entry_revision_close(actor=request.user, entry_id=entry_id)
    return _entry(request, entry_id)


@router.get("/glossary/{entry_id}/versions")
def entry_versions(request: AuthedRequest, entry_id: str):
    versions = selectors.glossary_versions(actor=request.user, entry_id=entry_id)
    return [presentation.version_document(request.user, v) for v in versions]


@router.post("/glossary/{entry_id}/translations", response={201: dict[str, Any]})
def entry_translate(request: AuthedRequest, entry_id: str, payload: TranslationIn):
    version = services.glossary_entry_translate(actor=request.user, entry_id=entry_id,
                                                **payload.dict())  # fmt: skip
    return Status(201, presentation.version_document(request.user, version))
