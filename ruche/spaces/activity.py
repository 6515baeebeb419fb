"""The verbs of the activity feed, translated when read. Apps add theirs with `register_verb`."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIVITY_VERBS: dict[str, Promise] = {
    "space_created": _("created the space"),
    "member_joined": _("joined"),
    "member_added": _("added a member"),
    "invitation_accepted": _("accepted an invitation"),
}


def register_verb(verb: str, label: Promise) -> None:
    ACTIVITY_VERBS[verb] = label


def verb_label(verb: str) -> str:
    return str(ACTIVITY_VERBS.get(verb, verb))
