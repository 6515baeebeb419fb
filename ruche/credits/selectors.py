"""Reads: a space's licence (its own or inherited) and the credits of any creditable object."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Model
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ruche.accounts.models import User
from ruche.credits.citation import Citation, citation_format, citation_item
from ruche.credits.licences import DEFAULT_LICENCE, LICENCES, Licence, licence_find
from ruche.credits.models import SpaceLicence
from ruche.credits.sources import CreditSource, Record, Work, source_for_kind, source_for_object
from ruche.spaces.models import Space, SpaceKind
from ruche.spaces.permissions import Need, access_space


@dataclass
class SpaceLicenceState:
    licence: Licence
    chosen_here: bool  # set on this space, not inherited
    inherited_from: Space | None  # the ancestor that chose it (None: the default)


def licence_of(space: Space) -> SpaceLicenceState:
    """The space's licence: its own choice, else the nearest ancestor's, else CC BY-SA 4.0."""
    tree = [space, *space.ancestors()]
    chosen = dict(SpaceLicence.objects.filter(space__in=tree).values_list("space_id", "licence"))
    for node in tree:
        if node.pk in chosen and chosen[node.pk] in LICENCES:
            here = node.pk == space.pk
            return SpaceLicenceState(LICENCES[chosen[node.pk]], here, None if here else node)
    return SpaceLicenceState(LICENCES[DEFAULT_LICENCE], False, None)


def space_licence_get(*, actor: User, space_id: object) -> tuple[Space, SpaceLicenceState]:
    space = access_space(actor, space_id, Need.VIEW)
    return space, licence_of(space)


@dataclass
class Credits:
    kind: str
    object_id: str
    work: Work
    record: Record
    licence: Licence
    citation: Citation

    @property
    def group(self) -> str:
        return self.work.space.name

    @property
    def group_label(self) -> str:
        """The group as the credit names it (the Paris 2026 cohort), in the reader's language."""
        labels: dict[str, str] = {
            SpaceKind.COHORT: _("the %(name)s cohort"),
            SpaceKind.COMMUNITY: _("the %(name)s community"),
            SpaceKind.GROUP: _("the %(name)s working group"),
        }
        label = labels.get(self.work.space.kind, "%(name)s")
        return str(label % {"name": self.group})

    @property
    def statement(self) -> str:
        """The credit sentence, e.g. Written together by the Paris 2026 cohort: A and B."""
        group, anonymous = self.group_label, self.record.anonymous
        names = [person.name for person in self.record.people]
        if names and anonymous:
            others = ngettext(
                "%(count)s person not named", "%(count)s people not named", anonymous
            ) % {"count": anonymous}
            names.append(others)
        if names:
            listed = get_text_list(names, _("and"))
            return _("Written together by %(group)s: %(names)s.") % {
                "group": group, "names": listed,
            }  # fmt: skip
        if anonymous:
            return ngettext(
                "Written together by %(group)s (%(count)s contributor, not named).",
                "Written together by %(group)s (%(count)s contributors, not named).",
                anonymous,
            ) % {"group": group, "count": anonymous}
        return _("Written together by %(group)s.") % {"group": group}

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.object_id,
            "title": self.work.title,
            "group": self.group,
            "statement": self.statement,
            "people": [
                {"name": p.name, "contributions": p.contributions} for p in self.record.people
            ],
            "anonymous": self.record.anonymous,
            "typed_credits": self.work.typed_credits,
            "licence": self.licence.as_dict(),
            "citation": self.citation.as_dict(),
        }


def credits_get(*, actor: User, kind: str, object_id: object) -> Credits:
    """The credits of an object, through the object's own access gate (NotFound if hidden)."""
    source = source_for_kind(kind)
    obj = source.access(actor, object_id)
    return _credits(source, obj)


def credits_for(obj: Model) -> Credits:
    """The credits of an object its caller already passed through its gate (pages, exports)."""
    return _credits(source_for_object(obj), obj)


def _credits(source: CreditSource, obj: Any) -> Credits:
    work = source.work(obj)
    record = source.record(obj)
    own = licence_find(work.licence_id) if work.licence_id else None
    licence = own or licence_of(work.space).licence
    object_id = str(obj.pk)
    item = citation_item(kind=source.kind, object_id=object_id, work=work, record=record)
    citation = citation_format(work=work, item=item)
    return Credits(source.kind, object_id, work, record, licence, citation)
