"""The glossary of a space: terms with an adopted definition, its translations and every
version, each linked to the decision and the process that led to it (its provenance).

An entry is `proposed` (a draft awaiting a facilitator's approval), `adopted`, or
`revising` (re-opened: the adopted version stays visible until a new one is adopted).
A version is one text in one language: the versions in the entry's language are its
history; versions in other languages are its translations (each with its own history).
A version not yet adopted (`adopted_at` empty) is a draft; nothing adopted is ever edited.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.models import PublicModel
from ruche.glossary.texts import plain_text
from ruche.spaces.models import Space


class EntryStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ADOPTED = "adopted", _("Adopted")
    REVISING = "revising", _("Under revision")


class GlossaryEntry(PublicModel):
    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="glossary_entries")
    term = models.CharField(_("term"), max_length=200)
    # The term folded (no case, accents or punctuation): unique in the space.
    term_key = models.CharField(max_length=200)
    language = models.CharField(_("language"), max_length=12)
    # Other forms recognised in texts (plurals, acronyms), as typed.
    variants = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.PROPOSED
    )
    current = models.ForeignKey(
        "GlossaryEntryVersion", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    reopen_reason = models.TextField(blank=True)
    # Folded term, variants and definitions, for the search.
    search_text = models.TextField(blank=True)

    class Meta:
        ordering = ["term_key"]
        constraints = [
            models.UniqueConstraint(fields=["space", "term_key"], name="glossary_term_unique"),
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def url(self) -> str:
        return f"/glossary/{self.pk}/"


class GlossaryEntryVersion(PublicModel):
    entry = models.ForeignKey(GlossaryEntry, on_delete=models.CASCADE, related_name="versions")
    language = models.CharField(_("language"), max_length=12)
    # Numbered per language: 1, 2, ... in the order they were written.
    number = models.PositiveIntegerField()
    term = models.CharField(_("term"), max_length=200)
    term_key = models.CharField(max_length=200, db_index=True)
    definition_html = models.TextField(_("definition"))  # sanitised HTML
    adopted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    decision = models.ForeignKey(
        "decisions.Decision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin_kind = models.CharField(max_length=40, blank=True)
    origin_id = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    contributors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["language", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "language", "number"], name="glossary_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.language} v{self.number})"

    @property
    def plain_text(self) -> str:
        return plain_text(self.definition_html)

    @property
    def is_adopted(self) -> bool:
        return self.adopted_at is not None

    @property
    def url(self) -> str:
        return f"/glossary/{self.entry_id}/versions/{self.pk}/"
