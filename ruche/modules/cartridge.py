"""IMS Common Cartridge 1.1 export, the version Moodle's importer detects and validates.

The cartridge holds an overview page, one HTML page per activity (webcontent) grouped by
day and session in the organization, and a web link (imswl) for each URL material. Every
path is relative and inside the zip; the manifest declares the CC 1.1 namespace first.
"""

import io
import zipfile
from typing import Any

from django.template.loader import render_to_string
from lxml import etree

CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOMM = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
WL = "http://www.imsglobal.org/xsd/imsccv1p1/imswl_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATIONS = (
    f"{CP} http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd "
    f"{LOMM} http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd"
)


def _sub(
    parent: etree._Element, ns: str, tag: str, text: str | None = None, **attrs: str
) -> etree._Element:
    element = etree.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _metadata(manifest: etree._Element, module: dict[str, Any], language: str) -> None:
    metadata = _sub(manifest, CP, "metadata")
    _sub(metadata, CP, "schema", "IMS Common Cartridge")
    _sub(metadata, CP, "schemaversion", "1.1.0")
    general = _sub(_sub(metadata, LOMM, "lom"), LOMM, "general")
    _sub(_sub(general, LOMM, "title"), LOMM, "string", module["title"], language=language)
    if module.get("summary"):
        _sub(
            _sub(general, LOMM, "description"), LOMM, "string", module["summary"], language=language
        )


class _Builder:
    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.resources: list[tuple[str, str, str]] = []  # identifier, type, href
        self.count = 0

    def ident(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}_{self.count:04d}"

    def page(self, path: str, template: str, context: dict[str, Any]) -> str:
        self.files[path] = render_to_string(template, context).encode()
        identifier = self.ident("RES")
        self.resources.append((identifier, "webcontent", path))
        return identifier

    def weblink(self, path: str, title: str, url: str) -> str:
        root = etree.Element(f"{{{WL}}}webLink", nsmap={None: WL})
        _sub(root, WL, "title", title[:200] or url)
        _sub(root, WL, "url", href=url, target="_blank")
        self.files[path] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        identifier = self.ident("WL")
        self.resources.append((identifier, "imswl_xmlv1p1", path))
        return identifier


def _activity_items(
    builder: _Builder,
    parent: etree._Element,
    activity: dict[str, Any],
    path: str,
    module: dict[str, Any],
) -> None:
    page = builder.page(
        f"{path}.html", "modules/cartridge/activity.html", {"activity": activity, "module": module}
    )
    item = _sub(parent, CP, "item", identifier=builder.ident("ITEM"), identifierref=page)
    _sub(item, CP, "title", activity["title"] or "—")
    for index, material in enumerate(activity.get("materials") or []):
        url = material.get("url") if isinstance(material, dict) else None
        if url and str(url).startswith(("http://", "https://")):
            link = builder.weblink(
                f"{path}-link{index + 1}.xml", str(material.get("label") or url), str(url)
            )
            link_item = _sub(
                parent, CP, "item", identifier=builder.ident("ITEM"), identifierref=link
            )
            _sub(link_item, CP, "title", str(material.get("label") or url))


def cartridge_build(document: dict[str, Any]) -> bytes:
    """A .imscc (zip) for a `ruche-module` document."""
    module = document["module"]
    language = (module.get("languages") or "en").split(",")[0].strip() or "en"
    manifest = etree.Element(
        f"{{{CP}}}manifest",
        nsmap={None: CP, "lomimscc": LOMM, "xsi": XSI},
        identifier="MANIFEST_1",
    )
    manifest.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)
    _metadata(manifest, module, language)
    builder = _Builder()
    organization = _sub(
        _sub(manifest, CP, "organizations"),
        CP,
        "organization",
        identifier="ORG_1",
        structure="rooted-hierarchy",
    )
    root = _sub(organization, CP, "item", identifier="ROOT")
    overview = builder.page("overview.html", "modules/cartridge/overview.html", {"module": module})
    _sub(
        _sub(root, CP, "item", identifier=builder.ident("ITEM"), identifierref=overview),
        CP,
        "title",
        module["title"],
    )
    for u, unit in enumerate(module.get("units", []), start=1):
        day = _sub(root, CP, "item", identifier=builder.ident("DAY"))
        _sub(day, CP, "title", unit["title"] or f"{u}")
        for s, session in enumerate(unit.get("sessions", []), start=1):
            slot = _sub(day, CP, "item", identifier=builder.ident("SESSION"))
            _sub(slot, CP, "title", session["title"] or f"{u}.{s}")
            for a, activity in enumerate(session.get("activities", []), start=1):
                _activity_items(builder, slot, activity, f"day{u:02d}/s{s:02d}-a{a:02d}", module)
    resources = _sub(manifest, CP, "resources")
    for identifier, kind, href in builder.resources:
        resource = _sub(
            resources,
            CP,
            "resource",
            identifier=identifier,
            type=kind,
            **({"href": href} if kind == "webcontent" else {}),
        )
        _sub(resource, CP, "file", href=href)
    return _zip(
        etree.tostring(manifest, xml_declaration=True, encoding="UTF-8", pretty_print=True),
        builder.files,
    )


def _zip(manifest: bytes, files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        for path, content in files.items():
            archive.writestr(path, content)
    return buffer.getvalue()
