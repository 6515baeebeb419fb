"""The definition builder's credit source (ruche.credits): a shared definition is credited to
those who wrote individual definitions, amended the draft and wrote it (characters of the
draft pad, from its attributed history). Full anonymity names nobody; with authors hidden
from participants, nobody is named until the text is adopted."""

from collections import Counter

from django.urls import reverse
from django.utils.translation import ngettext_lazy

from ruche.definitions.models import Anonymity, DefinitionProcess, Step
from ruche.definitions.permissions import access_process
from ruche.realtime.history import authorship
from ruche.realtime.services import document_state


def _characters(process: DefinitionProcess) -> Counter[int | None]:
    characters: Counter[int | None] = Counter()
    if process.pad is not None:
        room = process.pad.room
        for block in authorship(room=room, state=document_state(room=room)).blocks:
            for segment in block:
                characters[segment.author] += len(segment.text)
    return characters


def register_definition_credits() -> None:
    from ruche.credits.contributions import record_from_counts
    from ruche.credits.sources import Record, Work, register_credit_source
    from ruche.credits.texts import register_metric

    def record(process: DefinitionProcess) -> Record:
        metrics: dict[str, Counter[int | None]] = {
            "individual_definitions": Counter(
                process.individual_definitions.values_list("author_id", flat=True)),
            "amendments": Counter(process.amendments.values_list("author_id", flat=True)),
            "characters": _characters(process),
        }  # fmt: skip
        unnamed = process.anonymity == Anonymity.FULL or (
            process.anonymity == Anonymity.COLLECTION and process.step != Step.ADOPTED
        )
        if unnamed:
            people = {pk for counts in metrics.values() for pk in counts if pk is not None}
            return Record(anonymous=len(people))
        return record_from_counts(metrics)

    def work(process: DefinitionProcess) -> Work:
        path = reverse("definitions:process", args=[process.pk])
        issued = process.adopted_at or process.updated_at
        return Work(title=process.term, space=process.space, path=path, issued=issued)

    register_metric("individual_definitions", ngettext_lazy(
        "%(count)s own definition", "%(count)s own definitions", "count"))  # fmt: skip
    register_metric("amendments", ngettext_lazy(
        "%(count)s amendment", "%(count)s amendments", "count"))  # fmt: skip
    register_credit_source("definition", model=DefinitionProcess, access=access_process,
                           record=record, work=work)  # fmt: skip
