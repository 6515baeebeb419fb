"""Indexes for searches over large libraries (50,000 items), in each database's own terms.

- The items a full-text match points to are read through a covering index: their filter
  and sort columns without the row (and its CSL JSON). SQLite: a composite index led by
  `id`; PostgreSQL: `id` with the other columns INCLUDEd.
- PostgreSQL keeps the `tsvector` of each search text in a stored generated column with its
  GIN index, so a match is never re-parsed from the text (the expression index had each
  candidate row's text parsed again: seconds when a plan walked the items in sort order).
"""

from django.db import migrations

COLUMNS = "trashed_at, library_id, item_type, year, title_key, first_creator, created_at," \
    " version, added_by_id"  # fmt: skip
SQLITE_CREATE = [f"CREATE INDEX library_item_search_cover ON library_item (id, {COLUMNS})"]
SQLITE_DROP = ["DROP INDEX IF EXISTS library_item_search_cover"]
POSTGRES_CREATE = [
    f"CREATE INDEX library_item_search_cover ON library_item (id) INCLUDE ({COLUMNS})",
    "ALTER TABLE library_itemsearch ADD COLUMN body_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED",
    "CREATE INDEX library_itemsearch_tsv ON library_itemsearch USING gin (body_tsv)",
    "DROP INDEX IF EXISTS library_itemsearch_fts",
]
POSTGRES_DROP = [
    "CREATE INDEX IF NOT EXISTS library_itemsearch_fts ON library_itemsearch"
    " USING gin (to_tsvector('simple', body))",
    "DROP INDEX IF EXISTS library_itemsearch_tsv",
    "ALTER TABLE library_itemsearch DROP COLUMN IF EXISTS body_tsv",
    "DROP INDEX IF EXISTS library_item_search_cover",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0005_formatted_entries")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
