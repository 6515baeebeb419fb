"""The full-text index of `library_itemsearch.body`, in each database's own engine."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE library_itemsearch_fts USING fts5(body,"
    " content='library_itemsearch', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER library_itemsearch_ai AFTER INSERT ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER library_itemsearch_ad AFTER DELETE ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(library_itemsearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER library_itemsearch_au AFTER UPDATE ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(library_itemsearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body);"
    " INSERT INTO library_itemsearch_fts(rowid, body) VALUES (new.id, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS library_itemsearch_ai",
    "DROP TRIGGER IF EXISTS library_itemsearch_ad",
    "DROP TRIGGER IF EXISTS library_itemsearch_au",
    "DROP TABLE IF EXISTS library_itemsearch_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX library_itemsearch_fts ON library_itemsearch"
    " USING gin (to_tsvector('simple', body))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS library_itemsearch_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_library_items")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
