"""What links here, from tables: the tables of a page's space whose "wiki page" cells
name the page. A table's cells live in its real-time document, so the page ids its wiki
page columns hold are read from it once per state of the table (cached under the id of
its newest update) rather than at every page view."""

from django.core.cache import cache
from django.db.models import Max

from ruche.realtime.models import DocumentUpdate
from ruche.realtime.services import document_state
from ruche.tables.document import content_read
from ruche.tables.models import Table
from ruche.wiki.models import WikiPage

CACHE_SECONDS = 24 * 3600


def tables_linking_to(page: WikiPage) -> list[Table]:
    """Tables of the page's space (as visible as the page) with a cell linking to it."""
    tables = {t.room: t for t in Table.objects.filter(space_id=page.space_id).order_by("title")}
    newest = dict(
        DocumentUpdate.objects.filter(room__in=list(tables))
        .values("room")
        .annotate(newest=Max("id"))
        .values_list("room", "newest")
    )
    return [
        table
        for room, table in tables.items()
        if room in newest and str(page.pk) in _linked_pages(table, newest[room])
    ]


def _linked_pages(table: Table, newest: int) -> set[str]:
    key = f"wiki:table-links:{table.pk}:{newest}"
    found = cache.get(key)
    if found is None:
        content = content_read(document_state(room=table.room))
        columns = [c.id for c in content.columns if c.type == "wiki_page"]
        found = {str(row.cells[c]) for row in content.rows for c in columns if row.cells.get(c)}
        cache.set(key, found, CACHE_SECONDS)
    return set(found)
