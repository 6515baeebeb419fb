"""The demo community's glossary: adopted SSE words with French translations, a proposal
awaiting approval, an entry under revision; loading twice changes nothing."""

import pytest

from ruche.demo.services import demo_load
from ruche.glossary.models import EntryStatus, GlossaryEntry, GlossaryEntryVersion
from ruche.spaces.models import Space

pytestmark = pytest.mark.django_db
COMMUNITY_NAME = "SSE in VET — European trainers"


def test_demo_glossary():
    demo_load()
    community = Space.objects.get(name=COMMUNITY_NAME)
    entries = {e.term: e for e in GlossaryEntry.objects.filter(space=community)}
    sse = entries["Social and Solidarity Economy"]
    assert sse.status == EntryStatus.ADOPTED and sse.variants == ["SSE", "ESS"]
    assert sse.versions.filter(language="fr", term="Économie sociale et solidaire").exists()
    assert entries["Communs"].status == EntryStatus.PROPOSED
    assert entries["Social enterprise"].status == EntryStatus.REVISING
    counts = (GlossaryEntry.objects.count(), GlossaryEntryVersion.objects.count())
    demo_load()
    assert (GlossaryEntry.objects.count(), GlossaryEntryVersion.objects.count()) == counts
