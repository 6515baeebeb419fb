"""`ruche demo`: load the demo community (idempotent) and print its logins."""

from typing import Any

from django.core.management.base import BaseCommand

from ruche.demo.people import DEMO_PASSWORD
from ruche.demo.services import demo_load


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_load()
        self.stdout.write(f"Demo logins (every demo account's password: {DEMO_PASSWORD})")
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email:<{width}}  {login.role:<11}  {login.space}")
