"""The glossary as JSON documents: one shape for the API (docs/glossary.md)."""

from typing import Any

from ruche.accounts.models import User
from ruche.glossary import selectors
from ruche.glossary.models import EntryStatus, GlossaryEntry, GlossaryEntryVersion


def _name(user: User | None) -> str | None:
    return user.public_name if user is not None else None


def version_document(actor: User, version: GlossaryEntryVersion) -> dict[str, Any]:
    provenance = selectors.glossary_provenance(actor=actor, version=version)
    decision = provenance.decision
    origin = provenance.origin
    return {
        "id": str(version.pk), "language": version.language, "number": version.number,
        "term": version.term, "definition_html": version.definition_html,
        "adopted": version.is_adopted, "adopted_at": version.adopted_at,
        "adopted_by": _name(version.adopted_by), "written_by": _name(version.created_by),
        "contributors": sorted(c.public_name for c in version.contributors.all()),
        "decision": {"id": str(decision.pk), "question": decision.question,
                     "url": f"/decisions/{decision.pk}/"} if decision else None,
        "origin": {"kind": version.origin_kind, "id": version.origin_id,
                   "title": origin.title if origin else None,
                   "url": origin.url if origin else None} if version.origin_kind else None,
        "url": version.url,
    }  # fmt: skip


def entry_summary(entry: GlossaryEntry) -> dict[str, Any]:
    current = entry.current
    return {
        "id": str(entry.pk), "space_id": str(entry.space_id), "term": entry.term,
        "language": entry.language, "variants": entry.variants, "status": entry.status,
        "under_revision": entry.status == EntryStatus.REVISING,
        "definition_html": current.definition_html if current else None,
        "version": current.number if current else None,
        "adopted_at": current.adopted_at if current else None,
        "url": entry.url, "created_at": entry.created_at,
    }  # fmt: skip


def entry_document(actor: User, entry: GlossaryEntry) -> dict[str, Any]:
    """The entry with its current version, pending draft and translations."""
    draft = selectors.glossary_draft(entry)
    current = entry.current
    return {
        **entry_summary(entry),
        "proposed_by": _name(entry.proposed_by),
        "current": version_document(actor, current) if current else None,
        "draft": version_document(actor, draft) if draft else None,
        "reopened_at": entry.reopened_at, "reopened_by": _name(entry.reopened_by),
        "reopen_reason": entry.reopen_reason,
        "translations": [
            version_document(actor, t) for t in selectors.glossary_translations(entry)
        ],
    }  # fmt: skip
