"""The covering index of searches, declared on the model (`Item.Meta.indexes`), so Django
keeps it when SQLite rebuilds the table for a later change. A database that ran 0006 in
its first form had it as raw SQL: dropped first, then made the declared way."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0006_search_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunSQL("DROP INDEX IF EXISTS library_item_search_cover", migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="item",
            index=models.Index(
                fields=[
                    "id",
                    "trashed_at",
                    "library",
                    "item_type",
                    "year",
                    "title_key",
                    "first_creator",
                    "created_at",
                    "version",
                    "added_by",
                ],
                name="library_item_search_cover",
            ),  # fmt: skip
        ),
    ]
