"""The provenance as a Markdown file, for the group's records: built from the same
per-viewer document as the page and the API, so privacy and anonymity hold in it too."""

from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from django.utils import formats
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.definitions.models import AmendmentStatus, DefinitionProcess
from ruche.definitions.provenance import provenance_document


def _when(value: Any) -> str:
    return formats.date_format(value, "DATETIME_FORMAT") if value else ""


def _people(*names: Any) -> str:
    return " · ".join(str(n) for n in names if n not in (None, ""))


def _adopted(document: dict[str, Any]) -> list[str]:
    adopted, decision = document["adopted"], document["adoption_decision"]
    lines = [f"## {_('Adopted text')}", ""]
    lines += (
        [adopted["text"], "", _when(adopted["adopted_at"])] if adopted else [_("Not adopted yet.")]
    )
    if decision:
        lines += ["", f"{decision['question']} {decision['outcome']}".strip()]
    if document["contributors"]:
        lines += ["", f"{_('Written together by:')} {', '.join(document['contributors'])}"]
    return [*lines, ""]


def _amendments(document: dict[str, Any]) -> list[str]:
    lines = [f"## {_('Amendments')}", ""]
    for a in document["amendments"]:
        votes = _("%(s)s for, %(o)s against") % {"s": a["support"], "o": a["object"]}
        who = _people(AmendmentStatus(a["status"]).label, a["author"], votes)
        lines.append(f"- ~~{a['passage']}~~ → {a['replacement'] or '—'} ({who}): {a['rationale']}")
    return [*(lines if document["amendments"] else [*lines, _("No amendment.")]), ""]


def _versions(document: dict[str, Any]) -> list[str]:
    lines = [f"## {_('Versions of the draft')}", ""]
    for v in reversed(document["draft_versions"]):
        label = v["label"] or _("automatic checkpoint")
        lines += [f"### {label} ({_when(v['created_at'])})", "", v["text"], ""]
    return lines


def _ideas(document: dict[str, Any]) -> list[str]:
    lines = [f"## {_('Voted ideas')}", ""]
    for i in document["ideas"]:
        dots = None if i["dots"] is None else f"{i['dots']} ●"
        included = _("in the draft") if i["included"] else None
        lines.append(f"- {i['text']} ({_people(dots, i['cluster'], i['author'], included)})")
    return [*lines, ""]


def _individual(document: dict[str, Any]) -> list[str]:
    lines = [f"## {_('Individual definitions')}", ""]
    if not document["individual_revealed"]:
        lines += [_("Not revealed yet: each person sees only their own."), ""]
    for d in document["individual"]:
        lines.append(f"- {d['text']}" + (f" ({d['author']})" if d["author"] else ""))
    return [*lines, ""]


def provenance_markdown(*, actor: User, process: DefinitionProcess) -> str:
    document = provenance_document(actor=actor, process=process)
    title = _("How the group defined “%(term)s”") % {"term": process.term}
    parts = [f"# {title}", ""]
    for section in (_adopted, _amendments, _versions, _ideas, _individual):
        parts += section(document)
    return "\n".join(parts)


def provenance_response(*, actor: User, process: DefinitionProcess) -> HttpResponse:
    body = provenance_markdown(actor=actor, process=process)
    response = HttpResponse(body, content_type="text/markdown; charset=utf-8")
    name = "".join(c if c.isalnum() else "-" for c in process.term)[:60] or "definition"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}-provenance.md"
    return response
