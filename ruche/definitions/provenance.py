"""Provenance of a shared definition: from the adopted text back through the amendments,
the draft's versions, the voted ideas and the individual definitions, as far as the
viewer may see (the privacy before the reveal and the anonymity setting hold).

The glossary links each adopted version to its origin `("definition", <process id>)`;
`origin_register` gives it the describer of that kind.
"""

from typing import Any

from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.definitions import selectors
from ruche.definitions.adoption import contributors
from ruche.definitions.models import DefinitionProcess
from ruche.definitions.permissions import access_process
from ruche.realtime.models import DocumentVersion
from ruche.realtime.richtext import state_read, tree_text


def provenance_url(process: DefinitionProcess) -> str:
    return f"/definitions/{process.pk}/provenance/"


def draft_versions(process: DefinitionProcess) -> list[dict[str, Any]]:
    """Every stored version of the draft, oldest first, with its text."""
    if process.pad is None:
        return []
    versions = DocumentVersion.objects.filter(room=process.pad.room).order_by("created_at", "pk")
    return [
        {"id": str(v.pk), "kind": v.kind, "label": v.label, "created_at": v.created_at,
         "text": tree_text(state_read(bytes(v.state)))}
        for v in versions
    ]  # fmt: skip


def _adopted(process: DefinitionProcess) -> dict[str, Any] | None:
    if process.adopted_at is None:
        return None
    return {"text": process.final_text, "html": process.final_html,
            "language": process.language, "adopted_at": process.adopted_at,
            "glossary_version_id": process.glossary_version_id}  # fmt: skip


def provenance_document(*, actor: User, process: DefinitionProcess) -> dict[str, Any]:
    """Each stage of the process, latest first, as this viewer may see it."""
    shown = selectors.names_shown(actor=actor, process=process)
    return {
        "process": selectors.process_summary(process) | {"prompt": process.prompt,
                                                          "anonymity": process.anonymity},
        "adopted": _adopted(process),
        "adoption_decision": selectors.process_document(actor=actor, process=process)[
            "adoption_decision"],
        "amendments": selectors.amendment_list(actor=actor, process=process),
        "draft_versions": draft_versions(process),
        "ideas": selectors.ideas_list(actor=actor, process=process),
        "individual": selectors.individual_list(actor=actor, process=process),
        "individual_revealed": process.revealed_at is not None,
        "contributors": [p.public_name for p in contributors(process)] if shown else [],
    }  # fmt: skip


def origin_describe(origin_id: str, actor: User | None) -> Any:
    """The glossary's link back to a process, or None when the actor may not see it."""
    from ruche.glossary.origins import OriginLink

    if actor is None:
        return None
    process = access_process(actor, origin_id)
    title = _("Shared definition of “%(term)s”") % {"term": process.term}
    return OriginLink(title=title, url=provenance_url(process))


def origin_register() -> None:
    try:
        from ruche.glossary.origins import register_origin
    except ImportError:  # the glossary app is not installed: nothing links back here
        return
    register_origin("definition", origin_describe)
