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
from django.db.models.expressions import RawSQL

from ruche.library.csl import fold

MAX_TERMS = 12


def search_terms(query: str) -> list[str]:
    """The query folded like the indexed text (accents, case, punctuation), word by word."""
    return fold(query).split()[:MAX_TERMS]


def matching_item_ids(query: str, library_id: int) -> RawSQL | None:
    """A subquery of the ids of the library's items matching every word (as prefixes).

    It starts from the full-text index and reaches the items by primary key, so the
    database never walks the whole library."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        # MATERIALIZED: the matches are found first, whatever the planner guesses of them.
        return RawSQL(
            "WITH m AS MATERIALIZED (SELECT s.item_id FROM library_itemsearch s"
            " WHERE s.body_tsv @@ to_tsquery('simple', %s) AND s.library_id = %s)"
            " SELECT item_id FROM m",
            [" & ".join(f"{t}:*" for t in terms), library_id],
        )
    # CROSS JOIN makes SQLite start from the index; else it may probe it once per item.
    return RawSQL(
        "SELECT s.item_id FROM library_itemsearch_fts f"
        " CROSS JOIN library_itemsearch s ON s.id = f.rowid"
        " WHERE library_itemsearch_fts MATCH %s AND s.library_id = %s",
        [" ".join(f'"{t}"*' for t in terms), library_id],
    )
