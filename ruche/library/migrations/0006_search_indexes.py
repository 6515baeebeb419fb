"""Indexes for searches over large libraries (50,000 items), in each database's own terms.

- (The covering index of the items, first made here, is declared on the model: 0007.)
- PostgreSQL keeps the `tsvector` of each search text in a stored generated column with its
  GIN index, so a match is never re-parsed from the text (the expression index had each
  candidate row's text parsed again: seconds when a plan walked the items in sort order).
"""

from django.db import migrations

POSTGRES_CREATE = [
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
            _run({"postgresql": POSTGRES_CREATE}),
            _run({"postgresql": POSTGRES_DROP}),
        ),
    ]
