"""`ruche library_files_sweep`: remove library files that no attachment names any more."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ruche.library.files import storage_delete, storage_orphans


class Command(BaseCommand):
    help = (
        "Delete files of the library storage that no attachment names (those of a deleted "
        "space, or of an upload cut short), older than --hours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=float, default=24, help="Minimum age (24).")
        parser.add_argument("--dry-run", action="store_true", help="Only list them.")

    def handle(self, *args: Any, **options: Any) -> None:
        orphans = storage_orphans(older_than=timedelta(hours=options["hours"]))
        for key in orphans:
            self.stdout.write(key)
        if not options["dry_run"]:
            storage_delete(orphans)
        verb = "would be deleted" if options["dry_run"] else "deleted"
        self.stdout.write(f"{len(orphans)} file(s) {verb}.")
