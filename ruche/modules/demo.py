"""Demo: the 8-day module "Integrating the Social and Solidarity Economy into VET" (v1),
run by the Paris and Toulouse cohorts (switched to distance learning after day 2), and its
fork, the enriched module. Idempotent: nothing is made twice."""

from datetime import date, datetime, time
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from ruche.accounts.models import User
from ruche.cohorts import services as cohorts
from ruche.cohorts.models import Cohort
from ruche.demo.people import COMMUNITY, PARIS, TOULOUSE
from ruche.demo.services import DemoWorld, demo_loader_register
from ruche.modules import services
from ruche.modules.models import Module

TITLE = "Integrating the Social and Solidarity Economy into VET"
ENRICHED_TITLE = "Integrating the SSE into VET — enriched after the Paris and Toulouse pilots"

A = tuple[str, str, int, str]  # title, kind, minutes, description
DAYS: list[tuple[str, list[tuple[str, str, list[A]]]]] = [
    ("Day 1 — What is the SSE?", [
        ("Morning", "09:30", [
            ("Welcome circle and expectations", "collective", 45, "Each person introduces their work and what they expect from the eight days."),
            ("Theoretical input: history and principles of the SSE", "theory", 90, "Cooperatives, mutuals, associations, foundations; democratic governance, limited profit, territorial anchoring."),
        ]),
        ("Afternoon", "14:00", [
            ("Building our shared definition of SSE: individual writing", "facilitation", 60, "Everyone writes their own definition before sharing: the start of the group's definition."),
            ("Clustering key ideas on a board", "collective", 60, "Sticky notes grouped and voted; the draft definition is started in a pad."),
        ]),
    ]),
    ("Day 2 — VET systems in Europe", [
        ("Morning", "09:30", [
            ("Theoretical input: VET systems in the partner countries", "theory", 90, "Apprenticeship, school-based VET and adult training in France, Italy, Spain and Greece."),
            ("A common table: where could SSE fit?", "collective", 60, "Groups fill a shared table of VET programmes and SSE entry points."),
        ]),
        ("Afternoon", "14:00", [
            ("Field visit: a work-integration social enterprise", "field_visit", 180, "Meeting workers and supervisors; how skills are transmitted on the job."),
        ]),
    ]),
    ("Day 3 — SSE skills", [
        ("Morning", "09:30", [
            ("Which skills does the SSE mobilise?", "collective", 90, "From the visits and our experience, list cooperative, democratic and territorial skills."),
            ("World café on cooperative facilitation", "facilitation", 60, "Three tables, three questions, rotating groups."),
        ]),
        ("Afternoon", "14:00", [
            ("Field visit: a workers' cooperative", "field_visit", 180, "Governance in practice: a general assembly and its preparation."),
        ]),
    ]),
    ("Day 4 — Action-training pedagogy", [
        ("Morning", "09:30", [
            ("Theoretical input: action-training and experiential learning", "theory", 60, "The trainer as facilitator and catalyst, not the only one who knows."),
            ("Co-designing a learning sequence", "collective", 120, "In pairs, design a sequence integrating SSE into one VET course."),
        ]),
        ("Afternoon", "14:00", [
            ("Guest researcher: SSE skills and professional integration", "guest_talk", 90, "A university researcher shares findings on SSE skills as an asset for VET trainees."),
            ("Questions and discussion", "collective", 30, ""),
        ]),
    ]),
    ("Day 5 — Integrating SSE into programmes", [
        ("Morning", "09:30", [
            ("Mapping our own VET programmes", "collective", 120, "Each trainer maps where SSE content and methods can enter their programme."),
        ]),
        ("Afternoon", "14:00", [
            ("Peer review of the maps", "facilitation", 90, "Structured feedback in trios."),
            ("Mid-course evaluation", "evaluation", 30, "What works, what to change for the second half."),
        ]),
    ]),
    ("Day 6 — A shared documentary library", [
        ("Morning", "09:30", [
            ("Building the group's reading list", "collective", 90, "Each person adds and annotates sources in the shared library."),
            ("Citing and crediting joint productions", "theory", 45, "Licences, citations, and crediting the group as author."),
        ]),
        ("Afternoon", "14:00", [
            ("Field visit: a third place and its network", "field_visit", 180, "How a local SSE network trains its volunteers and employees."),
        ]),
    ]),
    ("Day 7 — Our adaptations of the module", [
        ("Morning", "09:30", [
            ("Designing your own adaptation", "collective", 150, "Each partner drafts the version of the module they will run at home."),
        ]),
        ("Afternoon", "14:00", [
            ("Presentations and feedback", "facilitation", 120, "Gallery walk with written feedback."),
        ]),
    ]),
    ("Day 8 — Adoption, evaluation, and what comes next", [
        ("Morning", "09:30", [
            ("Adopting our shared definition of SSE and VET", "facilitation", 90, "Amendments, then adoption by consent; the result belongs to the group."),
            ("Final evaluation", "evaluation", 60, "Individual and collective evaluation of the training."),
        ]),
        ("Afternoon", "14:00", [
            ("Our learning community after the course", "collective", 60, "How we keep working together: spaces, roles, next meetings."),
            ("Closing circle", "collective", 30, ""),
        ]),
    ]),
]  # fmt: skip

MODULE_FIELDS: dict[str, Any] = {
    "summary": "Eight days to help VET trainers bring the Social and Solidarity Economy into their programmes, designed together by European trainers.",
    "audience": "Trainers and teachers in vocational education and training, and SSE professionals who train.",
    "languages": "en,fr",
    "duration_days": 8,
    "goals": "Understand the SSE and its principles; build a shared definition of SSE and VET; identify SSE skills and how to transmit them; integrate SSE into one's own VET programme.",
    "prerequisites": "Experience as a trainer or teacher; no prior knowledge of the SSE needed.",
    "approach": "Cooperative action-training: theoretical inputs as starting points, collective construction, field visits, cooperative facilitation methods. The trainer facilitates.",
    "credits": "Designed collectively by the partners of the ESEVET2 Erasmus+ project, Bergamo, October 2019.",
}  # fmt: skip


@demo_loader_register
def load_modules_and_pilots(world: DemoWorld) -> None:
    community = world.space(COMMUNITY)
    camille = world.person("camille.roussel")
    module = Module.objects.filter(space=community, title=TITLE).first()
    if module is None:
        module = _module_build(camille, community.id)
    for key, start in ((PARIS, date(2026, 3, 9)), (TOULOUSE, date(2026, 12, 7))):
        _pilot_ensure(camille, world.space(key).id, module, start)
    if not Module.objects.filter(space=community, title=ENRICHED_TITLE).exists():
        _enriched_fork(camille, module)


def _module_build(actor: User, space_id: object) -> Module:
    module = services.module_create(actor=actor, space_id=space_id, title=TITLE, **MODULE_FIELDS)
    for day_title, sessions in DAYS:
        unit = services.unit_create(actor=actor, module_id=module.pk, title=day_title)
        for session_title, starts_at, activities in sessions:
            hours, minutes = starts_at.split(":")
            session = services.session_create(
                actor=actor, unit_id=unit.pk, title=session_title,
                starts_at=time(int(hours), int(minutes)),
            )  # fmt: skip
            for title, kind, duration, description in activities:
                services.activity_create(
                    actor=actor, session_id=session.pk, title=title, kind=kind,
                    duration_minutes=duration, description=description,
                )  # fmt: skip
    module = services.module_update(
        actor=actor, module_id=module.pk, version=Module.objects.get(pk=module.pk).version,
        status="pilot",
    )  # fmt: skip
    services.module_publish(actor=actor, module_id=module.pk, notes="Designed together in Bergamo.")
    return module


def _pilot_ensure(actor: User, space_id: UUID, module: Module, start: date) -> None:
    if Cohort.objects.filter(space_id=space_id, release__isnull=False).exists():
        return
    city = "Paris" if start.month == 3 else "Toulouse"
    cohort = cohorts.cohort_setup(
        actor=actor, space_id=space_id, module_id=module.pk, version=1, city=city,
        region="Île-de-France" if city == "Paris" else "Occitanie", country="FR",
        time_zone="Europe/Paris", language="fr", mode="in_person",
        default_place="Maison de l'économie sociale" if city == "Paris" else "Tiers-lieu La Grainerie",
    )  # fmt: skip
    sessions = cohorts.cohort_schedule_generate(actor=actor, cohort_id=cohort.pk, start=start)
    day3 = sessions[4].starts_at
    cohorts.cohort_mode_switch(
        actor=actor, cohort_id=cohort.pk, mode="distance", since=day3,
        reason="Lockdown: the training continues at a distance from day 3.",
    )  # fmt: skip
    visit = next(s for s in sessions[4:] if any(a["kind"] == "field_visit" for a in s.agenda))
    visit.refresh_from_db()
    cohorts.cohort_session_update(
        actor=actor, session_id=visit.pk, version=visit.version, status="cancelled",
        reason="Field visits impossible during lockdown.",
    )  # fmt: skip
    zone = ZoneInfo("Europe/Paris")
    when = datetime.combine(visit.starts_at.astimezone(zone).date(), time(14, 0), tzinfo=zone)
    cohorts.cohort_session_add(
        actor=actor, cohort_id=cohort.pk, title="Guest researchers: SSE skills in the field",
        starts_at=when, ends_at=when.replace(hour=16), mode="distance",
        reason="Replaces the field visit: two university researchers join online.",
    )  # fmt: skip


def _enriched_fork(actor: User, module: Module) -> None:
    fork = services.module_fork(actor=actor, module_id=module.pk, number=1, title=ENRICHED_TITLE)
    day3 = fork.units.all()[2]
    afternoon = day3.sessions.all()[1]
    visit = afternoon.activities.get(kind="field_visit")
    services.activity_update(
        actor=actor, activity_id=visit.pk, version=visit.version, kind="guest_talk",
        title="Guest researchers, online or in person",
        description="When visits are impossible, researchers bring the field to the group.",
    )  # fmt: skip
    morning = fork.units.all()[0].sessions.all()[0]
    services.activity_create(
        actor=actor, session_id=morning.pk, title="Getting started with our online tools",
        kind="collective", duration_minutes=30,
        description="Pads, boards and the library: so that distance learning is ready if needed.",
    )  # fmt: skip
    services.module_publish(
        actor=actor, module_id=fork.pk, notes="Enriched after the Paris and Toulouse pilots."
    )
