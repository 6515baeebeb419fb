"""`ruche createuser EMAIL --name NAME (--password P | --password-file F) [--admin]`."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ruche.accounts.services import user_create
from ruche.core.errors import RucheError


class Command(BaseCommand):
    help = "Create an account. With --admin, a site administrator."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", required=True, help="Display name.")
        secret = parser.add_mutually_exclusive_group(required=True)
        secret.add_argument("--password", help="The password (visible in the process list).")
        secret.add_argument("--password-file", type=Path, help="A file whose first line is it.")
        parser.add_argument("--admin", action="store_true", help="Make a site administrator.")

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["password"] or read_first_line(options["password_file"])
        try:
            user = user_create(
                email=options["email"],
                display_name=options["name"],
                password=password,
                is_admin=options["admin"],
            )
        except RucheError as exc:
            raise CommandError(exc.detail) from exc
        kind = "site administrator" if user.is_site_admin else "account"
        self.stdout.write(f"Created {kind} {user.email} ({user.display_name}).")


def read_first_line(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CommandError(f"Cannot read the password file: {exc.strerror}.") from exc
    if not lines or not lines[0]:
        raise CommandError("The password file's first line is empty.")
    return lines[0]
