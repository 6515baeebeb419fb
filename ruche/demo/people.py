"""Who and what the demo holds: a European community of VET trainers piloting an SSE module.

Every name here is invented. All demo accounts share DEMO_PASSWORD (documented in README)."""

from dataclasses import dataclass
from datetime import date

DEMO_PASSWORD = "ruche-demo-2026"  # noqa: S105 (published on purpose)
COMMUNITY = "community"
PARIS = "paris"
TOULOUSE = "toulouse"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    name: str
    email: str
    languages: str
    bio: str
    ui_language: str = "en"


@dataclass(frozen=True)
class DemoSpace:
    key: str
    name: str
    kind: str
    description: str
    parent: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None


def _person(key: str, name: str, languages: str, bio: str, ui: str = "en") -> DemoPerson:
    email = f"{key}@example.org"
    return DemoPerson(key=key, name=name, email=email, languages=languages, bio=bio, ui_language=ui)


FACILITATORS = [
    _person(
        "camille.roussel", "Camille Roussel", "fr, en",
        "Trainer in a French solidarity economy network; runs the Paris and Toulouse pilots.",
        "fr",
    ),
    _person(
        "giulia.bernardi", "Giulia Bernardi", "it, en, fr",
        "Adult educator in Bergamo; co-designed the eight-day module with the partners.",
    ),
    _person(
        "javier.ortega", "Javier Ortega Ruiz", "es, ca, en",
        "Cooperative trainer in Valencia, working on cooperative facilitation methods.",
    ),
    _person(
        "eleni.papadaki", "Eleni Papadaki", "el, en",
        "VET curriculum designer in Thessaloniki; keeps the shared reading list.",
    ),
]  # fmt: skip

PARIS_PARTICIPANTS = [
    _person(key, name, languages, bio, "fr")
    for key, name, languages, bio in [
        ("louise.martin", "Louise Martin", "fr, en", "Trainer in a work-integration enterprise."),
        ("karim.benali", "Karim Benali", "fr, ar", "Youth worker and VET teacher."),
        ("sophie.lefevre", "Sophie Lefèvre", "fr, en", "Coordinator of a training cooperative."),
        ("thomas.girard", "Thomas Girard", "fr", "Teacher in a vocational high school."),
        ("aissatou.diallo", "Aïssatou Diallo", "fr, en, wo", "Consultant for SSE start-ups."),
    ]
]

TOULOUSE_PARTICIPANTS = [
    _person(key, name, languages, bio, "fr")
    for key, name, languages, bio in [
        ("manon.dupuy", "Manon Dupuy", "fr, es", "Trainer for care and social workers."),
        ("julien.castan", "Julien Castan", "fr, oc", "Farmer-trainer in an agricultural coop."),
        ("nadia.haddad", "Nadia Haddad", "fr, en, ar", "Careers adviser, apprentice centre."),
        ("pierre.soule", "Pierre Soulé", "fr", "Trainer in a local exchange network."),
        ("ines.carrere", "Inès Carrère", "fr, es, en", "Project lead in a third place."),
    ]
]

GUEST = _person(
    "helene.marchand", "Hélène Marchand", "fr, en",
    "University researcher in the social and solidarity economy, invited as guest expert.", "fr",
)  # fmt: skip
OBSERVER = _person(
    "katrin.vogel", "Katrin Vogel", "de, en",
    "Evaluator for the Erasmus+ project; follows the pilots without taking part.",
)  # fmt: skip

PEOPLE = [*FACILITATORS, *PARIS_PARTICIPANTS, *TOULOUSE_PARTICIPANTS, GUEST, OBSERVER]

SPACES = [
    DemoSpace(
        key=COMMUNITY, name="SSE in VET — European trainers", kind="community",
        description=(
            "Trainers from France, Italy, Spain and Greece who integrate the social and "
            "solidarity economy (SSE) into vocational education and training (VET)."
        ),
    ),
    DemoSpace(
        key=PARIS, name="Paris 2026", kind="cohort", parent=COMMUNITY,
        description="First pilot of the eight-day module, five trainers, in Paris and online.",
        starts_on=date(2026, 3, 9), ends_on=date(2026, 5, 29),
    ),
    DemoSpace(
        key=TOULOUSE, name="Toulouse 2026", kind="cohort", parent=COMMUNITY,
        description="Second pilot of the module, five trainers, in Toulouse and online.",
        starts_on=date(2026, 12, 7), ends_on=date(2027, 3, 26),
    ),
]  # fmt: skip
