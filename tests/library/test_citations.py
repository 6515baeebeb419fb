"""Bibliographies in CSL styles and locales; uploaded styles and their refusals."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

ITEMS = [
    {
        "type": "book",
        "title": "L'économie sociale et solidaire",
        "author": [{"family": "Caire", "given": "Gilles"}],
        "issued": {"date-parts": [[2019]]},
        "publisher": "PUF",
        "publisher-place": "Paris",
        "tags": ["ESS"],
    },
    {
        "type": "article-journal",
        "title": "Former à l'ESS",
        "author": [{"family": "Rosbapé", "given": "Sandrine"}, {"literal": "RIPESS Europe"}],
        "container-title": "Revue",
        "volume": "3",
        "issue": "2",
        "page": "12-34",
        "issued": {"date-parts": [[2020, 3, 15]]},
    },
    {"type": "report", "title": "Undated", "issued": {"raw": "sans date"}},
]

STYLE = b"""<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Ruche Short</title><id>ruche-short</id>
    <updated>2026-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="title"/></sort>
    <layout><text value="REF: "/><text variable="title" text-case="uppercase"/></layout>
  </bibliography>
</style>
"""


@pytest.fixture
def lib(cohort, api_as):
    space, people = cohort
    api = api_as(people["participant"])
    assert api.post(f"/spaces/{space.id}/library/items", ITEMS).status_code == 201
    return space, api, people


def _bibliography(api, space, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return api.get(f"/spaces/{space.id}/library/bibliography?{query}")


def test_apa_in_english_and_french(lib):
    space, api, _ = lib
    english = _bibliography(api, space, style="apa", locale="en-US").json_body
    assert english["text"].splitlines()[0] == (
        "Caire, G. (2019). L'économie sociale et solidaire. PUF."
    )
    assert "<i>L'économie sociale et solidaire</i>" in english["html"]
    assert (
        "Rosbapé, S., & RIPESS Europe. (2020). Former à l'ESS. Revue, 3(2), 12–34."
        in english["text"]
    )
    french = _bibliography(api, space, style="apa", locale="fr-FR").json_body
    assert "Rosbapé, S., & RIPESS Europe. (2020)." in french["text"]
    assert len(french["entries"]) == 3


def test_iso690_french_and_chicago(lib):
    space, api, _ = lib
    iso = _bibliography(api, space, style="iso690-author-date-fr", locale="fr-FR").json_body
    iso["text"] = iso["text"].replace("\xa0", " ")
    assert "CAIRE, Gilles, 2019. L'économie sociale et solidaire. Paris : PUF." in iso["text"]
    assert "15 mars 2020" in iso["text"]
    chicago = _bibliography(api, space, style="chicago-author-date", locale="en-US").json_body
    assert "Caire, Gilles. 2019." in chicago["text"] or "Caire, G. 2019." in chicago["text"]
    for style in ("harvard", "mla", "ieee"):
        assert _bibliography(api, space, style=style, locale="fr-FR").status_code == 200


def test_bibliography_of_a_tag_and_the_default_style(lib):
    space, api, people = lib
    tagged = _bibliography(api, space, tag="ESS").json_body
    assert tagged["style"] == "apa"
    assert len(tagged["entries"]) == 1
    styles = api.get(f"/spaces/{space.id}/library/styles").json_body
    assert [s["slug"] for s in styles["styles"]][:2] == ["apa", "chicago-author-date"]
    assert styles["locales"] == ["en-US", "fr-FR"]


def test_unknown_style_or_locale(lib):
    space, api, _ = lib
    assert _bibliography(api, space, style="nope").status_code == 422
    assert _bibliography(api, space, locale="xx-XX").status_code == 422


def _upload_style(api, space, xml, name="style.csl"):
    response = api.client.post(
        f"/api/v1/spaces/{space.id}/library/styles",
        {"file": SimpleUploadedFile(name, xml)},
        headers=api.headers,
    )
    response.json_body = response.json()
    return response


def test_facilitator_uploads_a_style_and_makes_it_the_default(lib, api_as):
    space, api, people = lib
    facilitator = api_as(people["facilitator"])
    uploaded = _upload_style(facilitator, space, STYLE)
    assert uploaded.status_code == 201, uploaded.json_body
    assert uploaded.json_body == {"slug": "ruche-short", "title": "Ruche Short"}
    result = _bibliography(api, space, style="ruche-short").json_body
    assert result["text"].splitlines()[0] == "REF: FORMER À L'ESS"
    chosen = facilitator.patch(f"/spaces/{space.id}/library", {"citation_style": "ruche-short"})
    assert chosen.status_code == 200
    assert _bibliography(api, space).json_body["style"] == "ruche-short"
    assert facilitator.patch(f"/spaces/{space.id}/library",
                             {"citation_style": "nope"}).status_code == 422  # fmt: skip


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>
<style xmlns="http://purl.org/net/xbiblio/csl">&lol2;</style>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<style xmlns="http://purl.org/net/xbiblio/csl">&x;</style>"""


@pytest.mark.parametrize(
    "xml, status, reason",
    [
        (b"<style", 422, "Not well-formed XML"),
        (b"<html/>", 422, "Not a CSL style"),
        (BOMB, 422, "DOCTYPE"),
        (EXTERNAL, 422, "DOCTYPE"),
        (STYLE.replace(b"<bibliography>", b"<x>").replace(b"</bibliography>", b"</x>"), 422,
         "no <bibliography>"),
        (b"<!-- " + b"x" * 600_000 + b" -->", 413, "larger than 512 KB"),
    ],
)  # fmt: skip
def test_hostile_or_broken_styles_are_refused(lib, api_as, xml, status, reason):
    space, _, people = lib
    response = _upload_style(api_as(people["facilitator"]), space, xml)
    assert response.status_code == status
    assert reason in response.json_body["detail"]


def test_only_facilitators_upload_styles(lib):
    space, api, _ = lib
    assert _upload_style(api, space, STYLE).status_code == 403
    assert api.patch(f"/spaces/{space.id}/library", {"citation_style": "mla"}).status_code == 403


def test_markup_in_an_item_stays_out_of_bibliographies(lib):
    space, api, people = lib
    hostile = {
        "type": "book", "title": 'Click <a href="https://evil.example/">here</a><form action="/x">',
        "author": [{"family": "Martin", "given": "Louise"}], "issued": {"date-parts": [[2021]]},
    }  # fmt: skip
    assert api.post(f"/spaces/{space.id}/library/items", hostile).status_code == 201

    for _round in ("formatted", "cached"):
        body = _bibliography(api, space, style="apa", locale="en-US").json_body
        everything = body["html"] + "".join(body["entries"])
        assert "<a" not in everything and "<form" not in everything
        assert "Click here" in body["text"]
    reader = Client()
    reader.force_login(people["participant"])
    page = reader.get(f"/spaces/{space.id}/library/bibliography/?style=apa")
    assert page.status_code == 200 and "Click here" in page.content.decode()
    assert "evil.example" not in page.content.decode()
