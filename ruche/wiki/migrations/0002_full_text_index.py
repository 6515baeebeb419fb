"""The full-text index of `wiki_wikisearch.body`, in each database's own engine: an FTS5
table kept in step by triggers on SQLite, a GIN index on PostgreSQL.

Each vendor's statements are a `RunSQL` that runs on that vendor only (`VendorSQL`), so
`sqlmigrate` shows them and nothing is decided in Python at run time. Databases migrated
by the earlier form of this migration (a RunPython running the same statements) already
hold the same objects under the same names: nothing needs to run again.
"""

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


class VendorSQL(migrations.RunSQL):
    """A RunSQL that runs on one database vendor (`sqlite`, `postgresql`) and is a no-op
    on the others."""

    def __init__(self, vendor: str, sql, reverse_sql) -> None:
        super().__init__(sql, reverse_sql)
        self.vendor = vendor

    def deconstruct(self):
        name, args, kwargs = super().deconstruct()
        return name, [self.vendor, *args], kwargs

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Raw SQL operation for {self.vendor}"


class Migration(migrations.Migration):
    dependencies = [("wiki", "0001_wiki_pages")]

    operations = [
        VendorSQL("sqlite", SQLITE_CREATE, SQLITE_DROP),
        VendorSQL("postgresql", POSTGRES_CREATE, POSTGRES_DROP),
    ]
