"""Full-text search with the database's own engine: SQLite FTS5 or PostgreSQL tsvector.

The index covers `ItemSearch.body`, already folded in Python (no accents, case or
punctuation) so that both engines split and match words the same way. SQLite keeps its
FTS5 table in step with triggers (migration 0002); PostgreSQL indexes
`to_tsvector('simple', body)` with GIN.
"""

from django.db import connection
from django.db.models.expressions import RawSQL

from ruche.library.csl import fold

MAX_TERMS = 12


def search_terms(query: str) -> list[str]:
    """The query folded like the indexed text (accents, case, punctuation), word by word."""
    return fold(query).split()[:MAX_TERMS]


def matching_search_ids(query: str) -> RawSQL | None:
    """A subquery of `ItemSearch` ids matching every word of the query (as prefixes)."""
    terms = search_terms(query)
    if not terms:
        return None
    if connection.vendor == "postgresql":
        expression = " & ".join(f"{t}:*" for t in terms)
        return RawSQL(
            "SELECT id FROM library_itemsearch"
            " WHERE to_tsvector('simple', body) @@ to_tsquery('simple', %s)",
            [expression],
        )
    expression = " ".join(f'"{t}"*' for t in terms)
    return RawSQL(
        "SELECT rowid FROM library_itemsearch_fts WHERE library_itemsearch_fts MATCH %s",
        [expression],
    )
