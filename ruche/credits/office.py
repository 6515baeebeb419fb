"""Credits in spreadsheet exports: document properties and an "About" sheet (XLSX, ODS).
CSV stays pure data. Applied to the file the tables app wrote, so its writers stay as
they are (string cells keep their type: a formula-like text is never evaluated)."""

import io
import zipfile
from xml.etree.ElementTree import (  # noqa: S405 (building, parsing is defusedxml)
    Element,
    SubElement,
    register_namespace,
    tostring,
)

from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ruche.credits.selectors import Credits
from ruche.credits.texts import credits_properties, record_lines

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}

for _prefix, _uri in NS.items():
    register_namespace(_prefix, _uri)  # office:, table:… rather than ns0:, as office suites write


# Not translated: the tables importer knows this sheet is ours and does not warn about it.
ABOUT_SHEET = "About"


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def about_rows(credits: Credits) -> list[tuple[str, str]]:
    """The "About" sheet: one label and one value per row."""
    licence = credits.licence
    rows = [
        (_("Title"), credits.work.title),
        (_("Credits"), credits.statement),
        *((_("Contribution"), line) for line in record_lines(credits)),
        (_("Licence"), str(licence.name)),
    ]
    if licence.url:
        rows.append((_("Licence address"), licence.url))
    if credits.work.typed_credits.strip():
        rows.append((_("Credits"), credits.work.typed_credits.strip()))
    rows.append((_("Cite as"), credits.citation.text))
    return rows


def office_add_credits(fmt: str, data: bytes, credits: Credits) -> bytes:
    if fmt == "xlsx":
        return xlsx_add_credits(data, credits)
    if fmt == "ods":
        return ods_add_credits(data, credits)
    return data


def xlsx_add_credits(data: bytes, credits: Credits) -> bytes:
    book = load_workbook(io.BytesIO(data))
    props = credits_properties(credits)
    book.properties.title = props["title"][:255]
    book.properties.creator = props["creator"][:255]
    book.properties.description = f"{props['description']}\n{props['citation']}"
    book.properties.subject = props["rights"][:255]
    book.properties.keywords = props["rights"][:255]
    sheet = book.create_sheet(title=ABOUT_SHEET)
    for label, value in about_rows(credits):
        sheet.append([label, value])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # a name starting with "=" stays text
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ods_add_credits(data: bytes, credits: Credits) -> bytes:
    """The same file with meta.xml (title, creator, description, licence) and an "About"
    table after the data."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "content.xml":
                body = _ods_about(body, credits)
            elif info.filename == "META-INF/manifest.xml":
                body = _ods_manifest(body)
            archive.writestr(info, body, compress_type=info.compress_type)
        archive.writestr("meta.xml", _ods_meta(credits), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _ods_about(content: bytes, credits: Credits) -> bytes:
    root = fromstring(content)
    spreadsheet = root.find(f"{q('office:body')}/{q('office:spreadsheet')}")
    table = SubElement(spreadsheet, q("table:table"), {q("table:name"): ABOUT_SHEET})
    SubElement(table, q("table:table-column"), {q("table:number-columns-repeated"): "2"})
    for values in about_rows(credits):
        row = SubElement(table, q("table:table-row"))
        for value in values:
            cell = SubElement(row, q("table:table-cell"), {q("office:value-type"): "string"})
            SubElement(cell, q("text:p")).text = value
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _ods_manifest(manifest: bytes) -> bytes:
    root = fromstring(manifest)
    SubElement(root, q("manifest:file-entry"), {
        q("manifest:full-path"): "meta.xml", q("manifest:media-type"): "text/xml",
    })  # fmt: skip
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _ods_meta(credits: Credits) -> bytes:
    props = credits_properties(credits)
    root = Element(q("office:document-meta"), {q("office:version"): "1.3"})
    meta = SubElement(root, q("office:meta"))
    SubElement(meta, q("meta:generator")).text = "Ruche"
    SubElement(meta, q("dc:title")).text = props["title"]
    SubElement(meta, q("meta:initial-creator")).text = props["creator"]
    SubElement(meta, q("dc:creator")).text = props["creator"]
    SubElement(meta, q("dc:description")).text = f"{props['description']}\n{props['citation']}"
    SubElement(meta, q("meta:user-defined"), {q("meta:name"): "Licence"}).text = props["rights"]
    return tostring(root, encoding="utf-8", xml_declaration=True)
