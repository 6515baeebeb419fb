"""`ruche decisions_close_due`: record formally every decision past its closing time."""

from typing import Any

from django.core.management.base import BaseCommand

from ruche.decisions.services import decisions_close_due


class Command(BaseCommand):
    help = "Record as closed every decision whose closing time has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = decisions_close_due()
        for decision in closed:
            self.stdout.write(f"closed {decision.pk} {decision.question}")
        self.stdout.write(f"{len(closed)} decision(s) closed.")
