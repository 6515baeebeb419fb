"""A board's cards as CSV or Markdown, built from the viewer's `board_document` so hidden
cards and anonymity hold in exports exactly as on the page."""

import csv
import io
from typing import Any

from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.boards import selectors
from ruche.boards.picture import board_pdf, board_svg
from ruche.core.errors import Invalid
from ruche.credits.selectors import credits_for
from ruche.credits.texts import credits_lines, credits_markdown
from ruche.tables.cells import neutralise

CSV_FIELDS = ["text", "column", "cluster", "author", "dots", "link", "colour"]


def _rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    clusters = {c["id"]: c["title"] for c in document["clusters"]}
    return [
        {**card, "cluster": clusters.get(card["cluster_id"] or "", ""),
         "author": card["author"] or "", "dots": "" if card["dots"] is None else card["dots"]}
        for card in document["cards"]
    ]  # fmt: skip


def board_csv(document: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for row in _rows(document):
        # Text a spreadsheet would run as a formula is neutralised as in table exports.
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in row.items()})
    return out.getvalue()


def board_markdown(document: dict[str, Any], credits: str = "") -> str:
    """The cards by cluster, then `credits` (ruche.credits) or the names of the authors."""
    lines = [f"# {document['title']}", ""]
    rows = _rows(document)
    groups = [c["title"] for c in document["clusters"]] + [""]
    for group in groups:
        members = [r for r in rows if r["cluster"] == group]
        if not members:
            continue
        lines += [f"## {group or _('Not clustered')}", ""]
        lines += [_markdown_card(r) for r in members] + [""]
    if credits:
        lines.append(credits)
    elif document["credits"]:
        lines.append(
            _("Written together by: %(names)s") % {"names": ", ".join(document["credits"])}
        )
    return "\n".join(lines).rstrip() + "\n"


def _markdown_card(row: dict[str, Any]) -> str:
    line = f"- {' '.join(row['text'].split())}"
    if row["author"]:
        line += f" ({row['author']})"
    if row["dots"] != "":
        line += f" [{row['dots']}]"
    return line


def board_export_response(*, actor: User, board_id: object, format: str) -> HttpResponse:
    board = selectors.board_get(actor=actor, board_id=board_id)
    document = selectors.board_document(actor=actor, board=board)
    name = slugify(board.title) or "board"
    if format == "csv":
        response = HttpResponse(board_csv(document), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    elif format == "md":
        response = HttpResponse(
            board_markdown(document, credits_markdown(credits_for(board))),
            content_type="text/markdown; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.md"'
    elif format == "svg":
        svg = board_svg(document, credits_lines(credits_for(board)))
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.svg"'
        # Opened directly, the image must not run anything even if a card smuggled markup.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    elif format == "pdf":
        pdf = board_pdf(document, credits_lines(credits_for(board)))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    else:
        raise Invalid(_("Export as csv, md, svg or pdf."))
    return response
