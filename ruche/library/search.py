"""Full-text search with the database's own engine: SQLite FTS5 or PostgreSQL tsvector.

The index covers `ItemSearch.body`, already folded in Python (no accents, case or
punctuation) so that both engines split and match words the same way. SQLite keeps its
FTS5 table in step with triggers (migration 0002); PostgreSQL keeps
`to_tsvector('simple', body)` in a stored generated column, `body_tsv`, indexed with GIN
(migration 0006).

Both start from the full-text index and only then read the matching items (through a
covering index): a plan that walks the items in sort order and tests each one against the
search is fast for common words and very slow for rare ones.
"""

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

from ruche.library.csl import fold

MAX_TERMS = 12


def search_terms(query: str) -> list[str]:
    """The query folded like the indexed text (accents, case, punctuation), word by word."""
    return fold(query).split()[:MAX_TERMS]


def matching_items(query: str, library_id: int) -> Q | None:
    """A condition on items: in this library and matching every word (as prefixes).

    The matches come from the full-text index first and the items are reached by primary
    key, so the database never walks the whole library whatever its statistics say. On
    PostgreSQL the condition names `library_item`: for item queries, not their subqueries."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        # An array computed once, then primary-key look-ups: `IN (subquery)` let a planner
        # without fresh statistics rescan the matches for every item (seconds).
        return Q(
            RawSQL(
                "library_item.id = ANY(ARRAY(SELECT s.item_id FROM library_itemsearch s"
                " WHERE s.body_tsv @@ to_tsquery('simple', %s) AND s.library_id = %s))",
                [" & ".join(f"{t}:*" for t in terms), library_id],
                output_field=BooleanField(),
            )
        )
    # CROSS JOIN makes SQLite start from the index; else it may probe it once per item.
    return Q(
        id__in=RawSQL(
            "SELECT s.item_id FROM library_itemsearch_fts f"
            " CROSS JOIN library_itemsearch s ON s.id = f.rowid"
            " WHERE library_itemsearch_fts MATCH %s AND s.library_id = %s",
            [" ".join(f'"{t}"*' for t in terms), library_id],
        )
    )
