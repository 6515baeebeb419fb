"""`ruche decisions_remind`: remind those who have not taken part in decisions closing soon."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ruche.decisions.services import decisions_remind_due


class Command(BaseCommand):
    help = "Remind (in the app and by email) who has not taken part in decisions closing soon."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--within", type=float, default=24.0, help="hours before closing")
        parser.add_argument(
            "--interval", type=float, default=24.0, help="never remind anyone twice within (hours)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = decisions_remind_due(
            within=timedelta(hours=options["within"]), interval=timedelta(hours=options["interval"])
        )
        self.stdout.write(f"{count} reminder(s) sent.")
