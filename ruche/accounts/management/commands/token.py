"""`ruche token create|list|revoke`: personal access tokens for the API and websockets."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ruche.accounts.models import User
from ruche.accounts.services import token_create, token_revoke
from ruche.core.errors import RucheError


class Command(BaseCommand):
    help = "Create, list or revoke someone's personal access tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Print a new token (only the token).")
        create.add_argument("email")
        create.add_argument("--label", default="", help="What the token is for.")
        listing = actions.add_parser("list", help="List someone's tokens (never their values).")
        listing.add_argument("email")
        revoke = actions.add_parser("revoke", help="Revoke a token by its id (see `list`).")
        revoke.add_argument("email")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        user = account_by_email(options["email"])
        if options["action"] == "create":
            _token, raw = token_create(user=user, label=options["label"])
            self.stdout.write(raw)
        elif options["action"] == "list":
            for token in user.tokens.all():
                self.stdout.write(describe(token))
        else:
            try:
                token = token_revoke(actor=user, token_id=options["token_id"])
            except RucheError as exc:
                raise CommandError(f"No token {options['token_id']} for this account.") from exc
            self.stdout.write(f"Revoked {token}.")


def account_by_email(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise CommandError(f"No active account uses {email}.")
    return user


def describe(token: Any) -> str:
    state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
    used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
    label = token.label or "-"
    created = f"{token.created_at:%Y-%m-%d}"
    return f"{token.pk}\t{token.hint}…\t{label}\t{state}\tcreated {created}\tlast used {used}"
