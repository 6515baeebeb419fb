"""The full-text index of `wiki_wikisearch.body`, in each database's own engine."""

from django.db import migrations

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE wiki_wikisearch_fts USING fts5(body,"
    " content='wiki_wikisearch', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER wiki_wikisearch_ai AFTER INSERT ON wiki_wikisearch BEGIN"
    " INSERT INTO wiki_wikisearch_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER wiki_wikisearch_ad AFTER DELETE ON wiki_wikisearch BEGIN"
    " INSERT INTO wiki_wikisearch_fts(wiki_wikisearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER wiki_wikisearch_au AFTER UPDATE ON wiki_wikisearch BEGIN"
    " INSERT INTO wiki_wikisearch_fts(wiki_wikisearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body);"
    " INSERT INTO wiki_wikisearch_fts(rowid, body) VALUES (new.id, new.body); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS wiki_wikisearch_ai",
    "DROP TRIGGER IF EXISTS wiki_wikisearch_ad",
    "DROP TRIGGER IF EXISTS wiki_wikisearch_au",
    "DROP TABLE IF EXISTS wiki_wikisearch_fts",
]
POSTGRES_CREATE = [
    "CREATE INDEX wiki_wikisearch_fts ON wiki_wikisearch USING gin (to_tsvector('simple', body))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS wiki_wikisearch_fts"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("wiki", "0001_wiki_pages")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
