"""Formatted entries kept per style, locale and item data: the same bytes as citeproc-py,
made again when an item changes or a style is re-uploaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ruche.library.citations import BUILTIN_STYLES, bibliography_format, builtin_style_xml
from ruche.library.models import FormattedEntry, Item

MIXED = [
    {"type": "book", "title": "L'économie sociale et solidaire", "publisher": "PUF",
     "author": [{"family": "Caire", "given": "Gilles"}], "issued": {"date-parts": [[2019]]},
     "publisher-place": "Paris"},
    {"type": "article-journal", "title": "Former à l'ESS", "container-title": "Revue",
     "author": [{"family": "Rosbapé", "given": "Sandrine"}, {"literal": "RIPESS Europe"}],
     "volume": "3", "issue": "2", "page": "12-34", "issued": {"date-parts": [[2020, 3, 15]]}},
    {"type": "report", "title": "Undated", "issued": {"raw": "sans date"}},
    {"type": "chapter", "title": "Coopérer", "container-title": "Le commun",
     "author": [{"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"}],
     "editor": [{"family": "Núñez", "given": "Ana"}], "issued": {"date-parts": [[2018], [2021]]}},
    {"type": "webpage", "title": "ESS France", "URL": "https://example.org/ess",
     "author": [{"literal": "World Health Organization"}],
     "accessed": {"date-parts": [[2024, 5, 1]]}, "issued": {"date-parts": [[2023]]}},
    {"type": "thesis", "title": "Apprendre ensemble", "publisher": "Université Lyon 2",
     "author": [{"family": "Łukasz", "given": "Ola"}], "issued": {"date-parts": [[2019, 5]]}},
    {"type": "article-journal", "title": "Αρχές της ΟΔΟΣ", "DOI": "10.1/xyz",
     "author": [{"family": "O'Brien", "given": "Pat", "suffix": "Jr."}]},
    {"type": "book", "title": "Caire again", "author": [{"family": "Caire", "given": "Gilles"}],
     "issued": {"date-parts": [[2019]]}},
    {"type": "book"},
]  # fmt: skip

STYLE = b"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Ruche Cached</title><id>ruche-cached</id>
    <updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="title" sort="descending"/></sort>
    <layout><text value="MARK "/><text variable="title"/></layout>
  </bibliography>
</style>
"""


@pytest.fixture
def lib(cohort, api_as):
    space, people = cohort
    api = api_as(people["participant"])
    assert api.post(f"/spaces/{space.id}/library/items", MIXED).status_code == 201
    return space, api, people


def _bibliography(api, space, style="apa", locale="fr-FR"):
    response = api.get(f"/spaces/{space.id}/library/bibliography?style={style}&locale={locale}")
    assert response.status_code == 200, response.json_body
    return response.json_body


def _uncached(space, style, locale, xml=None):
    items = Item.objects.filter(library__space=space).order_by("title_key", "id")
    data = [{"id": str(pk), **csl} for pk, csl in items.values_list("id", "csl")]
    return bibliography_format(style_xml=xml or builtin_style_xml(style), style=style,
                               locale=locale, items=data)  # fmt: skip


@pytest.mark.parametrize("style", list(BUILTIN_STYLES))
def test_kept_entries_give_the_same_bytes_as_citeproc(lib, style):
    space, api, _ = lib
    for locale in ("fr-FR", "en-US"):
        first = _bibliography(api, space, style, locale)
        assert FormattedEntry.objects.filter(locale=locale).count() == len(MIXED)
        again = _bibliography(api, space, style, locale)
        reference = _uncached(space, style, locale)
        assert first == again
        assert again["html"] == reference.html
        assert again["text"] == reference.text
        assert len(again["entries"]) == len(reference.entries_html)


def test_kept_entries_are_what_is_served(lib):
    """Proof that a second bibliography reads the rows rather than formatting again."""
    space, api, _ = lib
    _bibliography(api, space)
    FormattedEntry.objects.update(html="<b>kept</b>")
    assert _bibliography(api, space)["text"].splitlines() == ["kept"] * len(MIXED)


def test_an_edited_item_is_formatted_again(lib):
    space, api, _ = lib
    _bibliography(api, space)
    FormattedEntry.objects.update(html="<b>kept</b>")
    item = Item.objects.get(library__space=space, title="Undated")
    response = api.patch(f"/library/items/{item.id}", {"title": "Daté enfin"})
    assert response.status_code == 200, response.json_body
    lines = _bibliography(api, space)["text"].splitlines()
    assert lines.count("kept") == len(MIXED) - 1
    assert any("Daté enfin" in line for line in lines)


def test_numbered_entries_follow_their_place(lib):
    space, api, _ = lib
    _bibliography(api, space, "ieee")
    created = api.post(f"/spaces/{space.id}/library/items",
                       {"type": "book", "title": "Aaa first of all"})  # fmt: skip
    assert created.status_code == 201
    after = _bibliography(api, space, "ieee")
    assert after["html"] == _uncached(space, "ieee", "fr-FR").html
    # The item without a title sorts first, then the new one: every number after it moved.
    assert after["text"].splitlines()[1].startswith("[2]Aaa first of all")


def test_a_re_uploaded_style_is_used_at_once(lib, api_as):
    space, api, people = lib
    facilitator = api_as(people["facilitator"])

    def upload(xml):
        response = facilitator.client.post(
            f"/api/v1/spaces/{space.id}/library/styles",
            {"file": SimpleUploadedFile("style.csl", xml)}, headers=facilitator.headers,
        )  # fmt: skip
        assert response.status_code == 201, response.json()

    upload(STYLE)
    first = _bibliography(api, space, "ruche-cached")["text"].splitlines()
    assert first[:2] == ["MARK Αρχές της ΟΔΟΣ", "MARK Undated"]  # descending titles
    upload(STYLE.replace(b"MARK ", b"NEW "))
    second = _bibliography(api, space, "ruche-cached")
    assert second["text"].splitlines()[:2] == ["NEW Αρχές της ΟΔΟΣ", "NEW Undated"]
    assert second["html"] == _uncached(space, "ruche-cached", "fr-FR",
                                       STYLE.replace(b"MARK ", b"NEW ")).html  # fmt: skip


def test_a_deleted_item_takes_its_entries_along(lib):
    space, api, _ = lib
    _bibliography(api, space)
    _bibliography(api, space, "mla", "en-US")
    item = Item.objects.get(library__space=space, title="Undated")
    assert api.delete(f"/library/items/{item.id}?permanent=true").status_code in (200, 204)
    assert not FormattedEntry.objects.filter(item_id=item.id).exists()
    assert FormattedEntry.objects.count() == 2 * (len(MIXED) - 1)
