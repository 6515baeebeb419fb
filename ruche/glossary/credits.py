"""The glossary's credit source (ruche.credits): an entry is credited to those who wrote
its adopted versions and translations, and to whoever proposed it."""

from collections import Counter

from django.urls import reverse
from django.utils.translation import ngettext_lazy

from ruche.glossary.models import GlossaryEntry
from ruche.glossary.permissions import access_glossary_entry


def register_glossary_credits() -> None:
    from ruche.credits.contributions import record_from_counts
    from ruche.credits.sources import Record, Work, register_credit_source
    from ruche.credits.texts import register_metric

    def record(entry: GlossaryEntry) -> Record:
        definitions: Counter[int | None] = Counter()
        translations: Counter[int | None] = Counter()
        adopted = entry.versions.filter(adopted_at__isnull=False).prefetch_related("contributors")
        for version in adopted:
            counter = definitions if version.language == entry.language else translations
            for person in version.contributors.all():  # none under full anonymity
                counter[person.pk] += 1
        proposal: Counter[int | None] = Counter([entry.proposed_by_id])
        return record_from_counts({"proposal": proposal, "glossary_definitions": definitions,
                                   "glossary_translations": translations})  # fmt: skip

    def work(entry: GlossaryEntry) -> Work:
        issued = entry.current.adopted_at if entry.current and entry.current.adopted_at else (
            entry.updated_at)  # fmt: skip
        path = reverse("glossary:entry", args=[entry.pk])
        return Work(title=entry.term, space=entry.space, path=path, issued=issued)

    register_metric("glossary_definitions", ngettext_lazy(
        "%(count)s adopted definition", "%(count)s adopted definitions", "count"))  # fmt: skip
    register_metric("glossary_translations", ngettext_lazy(
        "%(count)s translation", "%(count)s translations", "count"))  # fmt: skip
    register_credit_source("glossary_entry", model=GlossaryEntry, access=access_glossary_entry,
                           record=record, work=work)  # fmt: skip
