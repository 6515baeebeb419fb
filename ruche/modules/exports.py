"""Module exports: json (re-importable), md. Each renders a module document
(`ruche-module` format) so the working copy and any published version export alike."""

import copy
import json
import re
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.errors import Invalid
from ruche.core.pdf import html_to_pdf
from ruche.modules import selectors
from ruche.modules.cartridge import cartridge_build
from ruche.modules.models import ActivityKind
from ruche.modules.snapshots import total_minutes


def _json(document: dict[str, Any], version: int | None) -> tuple[bytes, str, str]:
    return json.dumps(document, ensure_ascii=False, indent=2).encode(), "application/json", "json"


def _hours(minutes: int) -> str:
    return f"{minutes // 60} h {minutes % 60:02d}" if minutes % 60 else f"{minutes // 60} h"


def _markdown(document: dict[str, Any], version: int | None) -> tuple[bytes, str, str]:
    module = document["module"]
    kinds = dict(ActivityKind.choices)
    lines = [f"# {module['title']}", ""]
    if module.get("summary"):
        lines += [module["summary"], ""]
    sections = [
        (_("Audience"), "audience"), (_("Goals"), "goals"),
        (_("Prerequisites"), "prerequisites"), (_("Approach"), "approach"),
    ]  # fmt: skip
    for label, field in sections:
        if module.get(field):
            lines += [f"## {label}", "", module[field], ""]
    lines += [f"*{_('Total duration')}: {_hours(total_minutes(module))}*", ""]
    for unit in module.get("units", []):
        lines += [f"## {unit['title']}", ""]
        if unit.get("description"):
            lines += [unit["description"], ""]
        for session in unit.get("sessions", []):
            start = f" ({session['starts_at']})" if session.get("starts_at") else ""
            lines += [f"### {session['title']}{start}", ""]
            for activity in session.get("activities", []):
                kind = kinds.get(activity.get("kind"), activity.get("kind"))
                lines.append(
                    f"- **{activity['title']}** — {kind}, {activity.get('duration_minutes')} min"
                )
                if activity.get("description"):
                    lines.append(f"  {activity['description']}")
            lines.append("")
    lines += ["---", "", f"{_('Licence')}: {module.get('licence')}"]
    if module.get("credits"):
        lines += ["", module["credits"]]
    return "\n".join(lines).encode(), "text/markdown; charset=utf-8", "md"


def _programme_html(document: dict[str, Any], version: int | None) -> str:
    module = copy.deepcopy(document["module"])
    language = (module.get("languages") or "en").split(",")[0].strip()[:2] or "en"
    kinds = dict(ActivityKind.choices)
    with translation.override(language):
        for unit in module.get("units", []):
            for session in unit.get("sessions", []):
                for activity in session.get("activities", []):
                    activity["kind_label"] = str(
                        kinds.get(activity.get("kind"), activity.get("kind"))
                    )
        sections = [
            (_("Target audience"), module.get("audience")), (_("Goals"), module.get("goals")),
            (_("Prerequisites"), module.get("prerequisites")),
            (_("Pedagogical approach"), module.get("approach")),
        ]  # fmt: skip
        context = {
            "module": module, "language": language, "sections": sections,
            "version": version, "total_hours": _hours(total_minutes(module)),
        }  # fmt: skip
        return render_to_string("modules/programme.html", context)


def _html(document: dict[str, Any], version: int | None) -> tuple[bytes, str, str]:
    return _programme_html(document, version).encode(), "text/html; charset=utf-8", "html"


def _pdf(document: dict[str, Any], version: int | None) -> tuple[bytes, str, str]:
    return html_to_pdf(_programme_html(document, version)), "application/pdf", "pdf"


def _cartridge(document: dict[str, Any], version: int | None) -> tuple[bytes, str, str]:
    return cartridge_build(document), "application/zip", "imscc"


RENDERERS: dict[str, Callable[[dict[str, Any], int | None], tuple[bytes, str, str]]] = {
    "json": _json,
    "md": _markdown,
    "imscc": _cartridge,
    "html": _html,
    "pdf": _pdf,
}


def module_export_response(
    *, actor: User, module_id: object, format: str, version: int | None = None
) -> HttpResponse:
    renderer = RENDERERS.get(format)
    if renderer is None:
        raise Invalid(
            _("Unknown export format: %(f)s. Use one of: %(all)s.")
            % {"f": format, "all": ", ".join(RENDERERS)}
        )
    document = selectors.module_document(actor=actor, module_id=module_id, version=version)
    body, content_type, extension = renderer(document, version)
    slug = re.sub(r"[^A-Za-z0-9]+", "-", document["module"]["title"]).strip("-")[:60] or "module"
    suffix = f"-v{version}" if version else ""
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{slug}{suffix}.{extension}"'
    return response
