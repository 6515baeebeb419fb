"""`ruche demo`: load the demo community, idempotently, through the domain services.

Other apps extend the demo with a loader: a function taking the DemoWorld, registered with
`@demo_loader_register` in a module `ruche/<app>/demo.py` (found automatically). A loader
must be idempotent itself: check what it already made before making it again."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from ruche.accounts.models import User
from ruche.accounts.services import profile_update, user_create
from ruche.demo.people import (
    COMMUNITY,
    DEMO_PASSWORD,
    FACILITATORS,
    GUEST,
    OBSERVER,
    PARIS,
    PARIS_PARTICIPANTS,
    PEOPLE,
    SPACES,
    TOULOUSE,
    TOULOUSE_PARTICIPANTS,
    DemoPerson,
    DemoSpace,
)
from ruche.spaces.models import Membership, Role, Space
from ruche.spaces.services import (
    invitation_accept,
    invitation_create,
    membership_add,
    space_create,
)

GUEST_ACCESS_DAYS = 60


@dataclass
class DemoWorld:
    """The demo's people and spaces, by key (see ruche/demo/people.py), for loaders."""

    people: dict[str, User] = field(default_factory=dict)
    spaces: dict[str, Space] = field(default_factory=dict)

    def person(self, key: str) -> User:
        return self.people[key]

    def space(self, key: str) -> Space:
        return self.spaces[key]


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    space: str


DemoLoader = Callable[[DemoWorld], None]
DEMO_LOADERS: list[DemoLoader] = []


def demo_loader_register(loader: DemoLoader) -> DemoLoader:
    """Add a loader run after the people and spaces exist (usable as a decorator)."""
    if loader not in DEMO_LOADERS:
        DEMO_LOADERS.append(loader)
    return loader


@transaction.atomic
def demo_load() -> list[DemoLogin]:
    """Create whatever of the demo is missing; running it again changes nothing."""
    world = DemoWorld()
    for person in PEOPLE:
        world.people[person.key] = _person_ensure(person)
    camille = world.person(FACILITATORS[0].key)
    for space in SPACES:
        world.spaces[space.key] = _space_ensure(space, actor=camille, world=world)
    _memberships_ensure(world)
    autodiscover_modules("demo")
    for loader in DEMO_LOADERS:
        loader(world)
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """Every demo account with its main role, as `make run` prints them."""
    community = _space_spec(COMMUNITY).name
    logins = [DemoLogin(p.email, Role.FACILITATOR, community) for p in FACILITATORS]
    for key, people in ((PARIS, PARIS_PARTICIPANTS), (TOULOUSE, TOULOUSE_PARTICIPANTS)):
        cohort = _space_spec(key).name
        logins += [DemoLogin(p.email, Role.PARTICIPANT, cohort) for p in people]
    logins.append(DemoLogin(GUEST.email, Role.GUEST, _space_spec(PARIS).name))
    logins.append(DemoLogin(OBSERVER.email, Role.OBSERVER, community))
    return logins


def _space_spec(key: str) -> DemoSpace:
    return next(space for space in SPACES if space.key == key)


def _person_ensure(person: DemoPerson) -> User:
    user = User.objects.filter(email__iexact=person.email).first()
    if user is not None:
        return user
    user = user_create(
        email=person.email, display_name=person.name, password=DEMO_PASSWORD,
        check_password=False, ui_language=person.ui_language,
    )  # fmt: skip
    return profile_update(actor=user, languages=person.languages, bio=person.bio)


def _space_ensure(spec: DemoSpace, *, actor: User, world: DemoWorld) -> Space:
    parent = world.space(spec.parent) if spec.parent else None
    existing = Space.objects.filter(name=spec.name, kind=spec.kind, parent=parent).first()
    if existing is not None:
        return existing
    return space_create(
        actor=actor, name=spec.name, kind=spec.kind, parent_id=parent.id if parent else None,
        description=spec.description, starts_on=spec.starts_on, ends_on=spec.ends_on,
    )  # fmt: skip


def _memberships_ensure(world: DemoWorld) -> None:
    camille = world.person(FACILITATORS[0].key)
    community = world.space(COMMUNITY)
    for person in FACILITATORS[1:]:
        _member_ensure(camille, community, world.person(person.key), Role.FACILITATOR)
    for key, people in ((PARIS, PARIS_PARTICIPANTS), (TOULOUSE, TOULOUSE_PARTICIPANTS)):
        for person in people:
            _member_ensure(camille, community, world.person(person.key), Role.PARTICIPANT)
            _member_ensure(camille, world.space(key), world.person(person.key), Role.PARTICIPANT)
    _member_ensure(camille, community, world.person(OBSERVER.key), Role.OBSERVER)
    _guest_ensure(camille, world.space(PARIS), world.person(GUEST.key))


def _member_ensure(actor: User, space: Space, user: User, role: str) -> None:
    if not Membership.objects.filter(space=space, user=user).exists():
        membership_add(actor=actor, space_id=space.id, email=user.email or "", role=role)


def _guest_ensure(actor: User, space: Space, guest: User) -> None:
    """The guest expert joins through an accepted invitation, so the audit log shows it."""
    if Membership.objects.filter(space=space, user=guest).exists():
        return
    soon = timezone.now() + timedelta(days=GUEST_ACCESS_DAYS)
    invitation = invitation_create(
        actor=actor, space_id=space.id, role=Role.GUEST, email=guest.email or "",
        expires_at=soon, access_until=soon,
        message="Would you share your research on SSE skills with our pilot group?",
    )  # fmt: skip
    invitation_accept(user=guest, token=invitation.token)
