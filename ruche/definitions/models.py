"""The shared definition builder: a guided process from individual definitions to a text the
group adopts by consent, with every stage kept for its provenance (docs/definitions.md).

The process reuses other apps for its stages: a board for the key ideas, a pad for the
draft, consent decisions for amendments and adoption. It keeps only what they do not: the
individual definitions, which card came from which definition, what the draft includes,
and the amendments.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.boards.models import Board, Card
from ruche.core.models import PublicModel, TimeStampedModel
from ruche.decisions.models import Decision
from ruche.pads.models import Pad
from ruche.spaces.models import Space


class Step(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual definitions")
    IDEAS = "ideas", _("Key ideas")
    DRAFT = "draft", _("Draft")
    AMENDMENTS = "amendments", _("Amendments")
    ADOPTION = "adoption", _("Adoption")
    ADOPTED = "adopted", _("Adopted")


STEP_ORDER = [Step.INDIVIDUAL, Step.IDEAS, Step.DRAFT, Step.AMENDMENTS, Step.ADOPTION, Step.ADOPTED]


class Anonymity(models.TextChoices):
    NONE = "none", _("Authors shown")
    COLLECTION = "collection", _("Authors hidden from participants, kept for credits")
    FULL = "full", _("Full anonymity")


class DefinitionProcess(PublicModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="definition_processes")
    term = models.CharField(_("term"), max_length=200)
    prompt = models.TextField(_("prompt"), blank=True)  # sanitised HTML
    language = models.CharField(_("language"), max_length=10, default="en")
    # [{"kind": "item", "id": ..., "title": ...} | {"kind": "link", "url": ..., "title": ...}]
    references = models.JSONField(default=list, blank=True)
    anonymity = models.CharField(
        _("anonymity"), max_length=12, choices=Anonymity.choices, default=Anonymity.NONE
    )
    dots_per_participant = models.PositiveIntegerField(_("dots per participant"), default=3)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.INDIVIDUAL)
    revealed_at = models.DateTimeField(null=True, blank=True)
    board = models.ForeignKey(
        Board, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pad = models.ForeignKey(Pad, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    adoption_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The draft as put to the adoption decision: what is adopted is what was consented to.
    final_html = models.TextField(blank=True)
    final_text = models.TextField(blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    glossary_version_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.term

    @property
    def step_index(self) -> int:
        return STEP_ORDER.index(Step(self.step))


class IndividualDefinition(TimeStampedModel):
    """One participant's own definition, private to its author until the reveal."""

    process = models.ForeignKey(
        DefinitionProcess, on_delete=models.CASCADE, related_name="individual_definitions"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("definition"), max_length=5000)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "author"], name="one_definition_per_person")
        ]

    def __str__(self) -> str:
        return self.text[:50]


class Idea(TimeStampedModel):
    """A card of the process's board, with the definition it was broken out of (none for
    cards added on the board) and whether the draft includes it."""

    process = models.ForeignKey(DefinitionProcess, on_delete=models.CASCADE, related_name="ideas")
    card = models.ForeignKey(Card, null=True, on_delete=models.SET_NULL, related_name="+")
    definition = models.ForeignKey(
        IndividualDefinition, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()  # as seeded; the card may be edited later on the board
    included_at = models.DateTimeField(null=True, blank=True)
    included_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "card"], name="one_idea_per_card")
        ]

    def __str__(self) -> str:
        return self.text[:50]


class AmendmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted and applied")
    REJECTED = "rejected", _("Rejected")


class Amendment(PublicModel):
    """A proposed change to a passage of the draft."""

    process = models.ForeignKey(
        DefinitionProcess, on_delete=models.CASCADE, related_name="amendments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    passage = models.TextField(_("passage"), max_length=2000)
    replacement = models.TextField(_("replacement"), max_length=2000, blank=True)
    rationale = models.TextField(_("rationale"), max_length=5000)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.OPEN
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    # The draft's versions just before and after the change was applied.
    version_before = models.UUIDField(null=True, blank=True)
    version_after = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.passage[:50]


class StanceKind(models.TextChoices):
    SUPPORT = "support", _("Support")
    OBJECT = "object", _("Object")


class AmendmentStance(TimeStampedModel):
    """Someone's support of or objection to an amendment; a second one replaces the first."""

    amendment = models.ForeignKey(Amendment, on_delete=models.CASCADE, related_name="stances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(max_length=10, choices=StanceKind.choices)
    reason = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "user"], name="one_stance_per_person")
        ]

    def __str__(self) -> str:
        return self.stance
