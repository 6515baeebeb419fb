"""The demo community's wiki: a home page and a guide linking each other and a module
activity, a red link; loading twice changes nothing."""

import pytest

from ruche.demo.services import demo_load
from ruche.spaces.models import Space
from ruche.wiki.models import WikiLink, WikiPage

pytestmark = pytest.mark.django_db
COMMUNITY_NAME = "SSE in VET — European trainers"


def test_demo_wiki():
    demo_load()
    community = Space.objects.get(name=COMMUNITY_NAME)
    guide = WikiPage.objects.get(space=community, title="Preparing a field visit")
    home = WikiPage.objects.get(space=community, is_home=True)
    assert WikiLink.objects.filter(from_page=home, to_page=guide).exists()
    assert WikiLink.objects.filter(from_page=home, to_title="Glossary of our visits").exists()
    assert WikiLink.objects.filter(from_page=guide, to_page=home).exists()
    assert WikiLink.objects.filter(from_page=guide, to_kind="activity").exists()
    counts = (WikiPage.objects.count(), WikiLink.objects.count())
    demo_load()
    assert (WikiPage.objects.count(), WikiLink.objects.count()) == counts
