"""The Common Cartridge export is what Moodle imports: CC 1.1, schema-valid, self-contained."""

import io
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "data" / "cc11-schemas"
needs_schemas = pytest.mark.skipif(
    not (SCHEMAS / "cc11libxml2validator.xsd").exists(),
    reason="the CC 1.1 schemas live in ../shared/data/cc11-schemas (absent in this clone)",
)


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


@pytest.fixture
def exported(make_user, make_space, api_as):
    alice = make_user("Alice")
    space = make_space(members={alice: "facilitator"})
    api = api_as(alice)
    module = api.post(
        f"/spaces/{space.id}/modules",
        {
            "title": "Intégrer l'ESS & la FP",
            "summary": "Huit jours <ensemble>",
            "languages": "fr,en",
        },
    ).json_body
    for d in range(2):
        unit = api.post(f"/modules/{module['id']}/units", {"title": f"Jour {d + 1}"}).json_body
        session = api.post(f"/units/{unit['id']}/sessions", {"title": "Matin"}).json_body
        api.post(
            f"/sessions/{session['id']}/activities",
            {
                "title": "Visite de terrain",
                "kind": "field_visit",
                "description": "Coopérative <b>locale</b>",
                "materials": [
                    {"label": "Site", "url": "https://example.org/coop?a=1&b=2"},
                    {"label": "../../etc/passwd"},
                ],
                "skills": ["coopération"],
            },
        )
    response = api.get(f"/modules/{module['id']}/export?format=imscc")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].endswith('.imscc"')
    return zipfile.ZipFile(io.BytesIO(response.content))


@needs_schemas
def test_manifest_is_valid_common_cartridge_1_1(exported):
    manifest_bytes = exported.read("imsmanifest.xml")
    assert b"http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in manifest_bytes[:500]
    manifest = etree.fromstring(manifest_bytes)
    validator = _schema("cc11libxml2validator.xsd")
    assert validator.validate(etree.ElementTree(manifest)), validator.error_log
    weblink_schema = _schema("ccv1p1_imswl_v1p1.xsd")
    links = [n for n in exported.namelist() if n.endswith(".xml") and n != "imsmanifest.xml"]
    assert links
    for name in links:
        document = etree.fromstring(exported.read(name))
        assert weblink_schema.validate(etree.ElementTree(document)), weblink_schema.error_log


def test_every_referenced_file_is_in_the_zip_with_safe_paths(exported):
    names = set(exported.namelist())
    for name in names:
        path = PurePosixPath(name)
        assert not path.is_absolute() and ".." not in path.parts, name
    manifest = etree.fromstring(exported.read("imsmanifest.xml"))
    ns = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"}
    hrefs = [f.get("href") for f in manifest.iterfind(".//cp:file", ns)]
    assert hrefs and all(href in names for href in hrefs)
    resource_ids = {r.get("identifier") for r in manifest.iterfind(".//cp:resource", ns)}
    refs = {
        i.get("identifierref")
        for i in manifest.iterfind(".//cp:item", ns)
        if i.get("identifierref")
    }
    assert refs <= resource_ids
    page = exported.read("day01/s01-a01.html").decode()
    assert "Coopérative &lt;b&gt;locale&lt;/b&gt;" in page  # user text is escaped, not injected
