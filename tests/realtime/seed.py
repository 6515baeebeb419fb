"""Run inside a test server's environment (its database): set up people, spaces and pads,
or read the store. `python -m tests.realtime.seed world|count <room>|remove <name>`.

The people: fac (facilitates the community), alice and bob (participants of the cohort),
olga (observer), gus (guest, the cohort's guests may not edit), xavier (participant of
another cohort). Prints JSON."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruche.settings")

import django  # noqa: E402

django.setup()

from ruche.accounts.models import User  # noqa: E402
from ruche.accounts.services import token_create, user_create  # noqa: E402
from ruche.pads.models import Pad  # noqa: E402
from ruche.realtime.models import DocumentSnapshot, DocumentUpdate, DocumentVersion  # noqa: E402
from ruche.spaces.models import Membership, Space  # noqa: E402

PEOPLE = {
    "alice": "participant",
    "bob": "participant",
    "olga": "observer",
    "gus": "guest",
}


def world() -> dict[str, object]:
    users = {
        name: user_create(
            email=f"{name}@example.org", display_name=name.title(), password="x" * 16,
            check_password=False,
        )
        for name in ["fac", *PEOPLE, "xavier"]
    }  # fmt: skip
    community = Space.objects.create(name="Community", kind="community")
    cohort = Space.objects.create(
        name="Cohort", kind="cohort", parent=community, guests_can_edit=False
    )
    other = Space.objects.create(name="Other cohort", kind="cohort", parent=community)
    Membership.objects.create(space=community, user=users["fac"], role="facilitator")
    memberships = {
        name: Membership.objects.create(space=cohort, user=users[name], role=role).pk
        for name, role in PEOPLE.items()
    }
    Membership.objects.create(space=other, user=users["xavier"], role="participant")
    pads = [
        str(Pad.objects.create(space=cohort, title=f"Pad {i}", created_by=users["alice"]).id)
        for i in range(12)
    ]
    return {
        "tokens": {name: token_create(user=u, label="tests")[1] for name, u in users.items()},
        "ids": {name: u.pk for name, u in users.items()},
        "memberships": memberships,
        "cohort": str(cohort.id),
        "pads": pads,
    }


def count(room: str) -> dict[str, object]:
    rows = DocumentUpdate.objects.filter(room=room)
    return {
        "updates": rows.count(),
        "authors": sorted(set(rows.values_list("author_id", flat=True))),
    }


def versions(room: str) -> dict[str, object]:
    return {"kinds": list(DocumentVersion.objects.filter(room=room).values_list("kind", flat=True))}


def corrupt(room: str) -> dict[str, object]:
    """Damage a document's stored snapshot, as a broken disk or a bad migration might."""
    DocumentSnapshot.objects.update_or_create(room=room, defaults={"state": b"\x07garbage"})
    return {"corrupted": room}


def remove(name: str) -> dict[str, object]:
    user = User.objects.get(email=f"{name}@example.org")
    return {"deleted": Membership.objects.filter(user=user).delete()[0]}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    result = {
        "world": world,
        "count": count,
        "remove": remove,
        "versions": versions,
        "corrupt": corrupt,
    }[command](*args)
    print(json.dumps(result))
