"""Each search row knows its library, so a search starts from the full-text index alone.

On SQLite, adding the column may rebuild the table, which drops its triggers: they are
made again here, and the index rebuilt from the content table."""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS library_itemsearch_ai",
    "DROP TRIGGER IF EXISTS library_itemsearch_ad",
    "DROP TRIGGER IF EXISTS library_itemsearch_au",
    "CREATE TRIGGER library_itemsearch_ai AFTER INSERT ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(rowid, body) VALUES (new.id, new.body); END",
    "CREATE TRIGGER library_itemsearch_ad AFTER DELETE ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(library_itemsearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body); END",
    "CREATE TRIGGER library_itemsearch_au AFTER UPDATE ON library_itemsearch BEGIN"
    " INSERT INTO library_itemsearch_fts(library_itemsearch_fts, rowid, body)"
    " VALUES ('delete', old.id, old.body);"
    " INSERT INTO library_itemsearch_fts(rowid, body) VALUES (new.id, new.body); END",
    "INSERT INTO library_itemsearch_fts(library_itemsearch_fts) VALUES ('rebuild')",
]
FILL = (
    "UPDATE library_itemsearch SET library_id ="
    " (SELECT library_id FROM library_item WHERE library_item.id = library_itemsearch.item_id)"
)


def fill_and_repair(apps, schema_editor):
    schema_editor.execute(FILL)
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("library", "0002_full_text_index")]

    operations = [
        migrations.AddField(
            model_name="itemsearch",
            name="library",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="library.library",
            ),
        ),
        migrations.RunPython(fill_and_repair, migrations.RunPython.noop),
    ]
