"""Hostile files: zip bombs, XML entity expansion, huge dimensions. Each is refused with a
clear error, within bounded time and memory, and nothing is stored."""

import io
import resource
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from ruche.realtime.models import DocumentUpdate
from ruche.tables.models import Table
from tests.tables.conftest import upload

LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    b"</sheetData></worksheet>"
)


def xlsx_with_sheet(sheet_xml: bytes | None = None, *, padding_mb: int = 0) -> bytes:
    """A real workbook whose first sheet is replaced (or inflated with `padding_mb` MB of
    spaces, compressed about 1000:1)."""
    book = Workbook()
    book.active.append(["a", "b"])
    source = io.BytesIO()
    book.save(source)
    out = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml is not None:
                data = sheet_xml
            if item.filename == "xl/worksheets/sheet1.xml" and padding_mb:
                with z.open(item.filename, "w", force_zip64=True) as stream:
                    stream.write(data[: data.index(b"<sheetData")])
                    chunk = b" " * (1 << 20)
                    for _megabyte in range(padding_mb):
                        stream.write(chunk)
                    stream.write(data[data.index(b"<sheetData") :])
                continue
            z.writestr(item.filename, data)
    return out.getvalue()


def refused_within_bounds(api, space, data, name, status):
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    upload(api, space, data, name)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second time, traced: tracing slows Python down a lot
    response = upload(api, space, data, name)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    assert response.status_code == status, response.json_body
    assert response.json_body["detail"]
    assert elapsed < 3, elapsed
    assert peak < 64 * 1024 * 1024, peak
    assert rss_growth_kb < 128 * 1024, rss_growth_kb
    assert Table.objects.count() == 0
    assert DocumentUpdate.objects.count() == 0
    return response.json_body["detail"]


def test_zip_bomb_xlsx_is_refused(world, api_as):
    bomb = xlsx_with_sheet(padding_mb=400)
    assert len(bomb) < 2 * 1024 * 1024
    detail = refused_within_bounds(
        api_as(world["participant"]), world["cohort"], bomb, "bomb.xlsx", 413
    )
    assert "uncompressed" in detail or "zip bomb" in detail


def test_ratio_bomb_below_the_total_cap_is_refused(world, api_as):
    bomb = xlsx_with_sheet(padding_mb=60)
    detail = refused_within_bounds(
        api_as(world["participant"]), world["cohort"], bomb, "bomb.xlsx", 413
    )
    assert "zip bomb" in detail


def test_billion_laughs_xlsx_is_refused(world, api_as):
    laughs = xlsx_with_sheet(LAUGHS)
    detail = refused_within_bounds(
        api_as(world["participant"]), world["cohort"], laughs, "laughs.xlsx", 422
    )
    assert "XML" in detail


def test_billion_laughs_behind_a_long_prolog_is_still_refused(world, api_as):
    hidden = LAUGHS.replace(b"\n<!DOCTYPE", b"\n<!--" + b"x" * 100_000 + b"-->\n<!DOCTYPE", 1)
    refused_within_bounds(
        api_as(world["participant"]), world["cohort"], xlsx_with_sheet(hidden), "l.xlsx", 422
    )


def ods(content_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )  # fmt: skip
        z.writestr("content.xml", content_xml)
    return out.getvalue()


ODS_HEAD = (
    b'<?xml version="1.0"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    b"<office:body><office:spreadsheet><table:table>"
)
ODS_TAIL = b"</table:table></office:spreadsheet></office:body></office:document-content>"
CELL = b'<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'


@pytest.mark.parametrize(
    "body",
    [
        b'<table:table-row table:number-rows-repeated="1000000000">' + CELL + b"</table:table-row>",  # noqa: E501
        b'<table:table-row><table:table-cell table:number-columns-repeated="1000000000" '
        b'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
    ],
    ids=["rows", "columns"],
)
def test_ods_repeated_dimensions_are_capped(world, api_as, body):
    data = ods(ODS_HEAD + b"<table:table-row>" + CELL + b"</table:table-row>" + body + ODS_TAIL)
    detail = refused_within_bounds(
        api_as(world["participant"]), world["cohort"], data, "huge.ods", 413
    )
    assert "at most" in detail


def test_ods_trailing_blank_rows_are_not_materialised(world, api_as):
    blank = b'<table:table-row table:number-rows-repeated="1048570"><table:table-cell/>'
    row = b"<table:table-row>" + CELL + b"</table:table-row>"
    data = ods(ODS_HEAD + row + row + blank + b"</table:table-row>" + ODS_TAIL)
    body = upload(api_as(world["participant"]), world["cohort"], data, "t.ods").json_body
    assert body["rows"] == 1


def test_too_many_columns_in_csv(world, api_as):
    data = (",".join(f"c{i}" for i in range(600)) + "\n").encode()
    refused_within_bounds(api_as(world["participant"]), world["cohort"], data, "wide.csv", 413)
