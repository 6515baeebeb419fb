"""Import through the API: real-world corpora, BibTeX's corners, RIS variants, CSL-JSON,
hostile and malformed files (clear reasons, nothing partial), duplicates, limits."""

import time

import pytest

from tests.library.conftest import DATA


@pytest.fixture
def lib(cohort, api_as):
    space, people = cohort
    return space, api_as(people["participant"])


def _items(api, space, **params):
    query = "&".join(f"{k}={v}" for k, v in {"limit": 1000, **params}.items())
    return api.get(f"/spaces/{space.id}/library/items?{query}").json_body


def _by_key(api, space):
    return {i["key"]: i for i in _items(api, space)["items"]}


def test_biblatex_examples_import_whole(lib, upload):
    space, api = lib
    response = upload(api, space, (DATA / "biblatex-examples.bib").read_bytes(), "bibtex",
                      keep_duplicates="true")  # fmt: skip
    body = response.json_body
    assert response.status_code == 200, body
    assert body["skipped"] == []
    assert body["imported"] == 92  # every entry; the 8 @string blocks are macros
    items = _by_key(api, space)
    herrmann = items["herrmann"]["csl"]
    assert herrmann["author"][1] == {"family": "Öfele", "given": "Karl"}
    assert herrmann["container-title"] == "Angew. Chem. Int. Ed."  # @string macro, ~ as space
    assert "C–C coupling" in herrmann["title"]
    aksin = items["aksin"]["csl"]
    assert aksin["author"][0] == {"family": "Aksın", "given": "Özge"}
    assert aksin["author"][3]["family"] == "Çetinkaya"
    space_chapter = items["westfahl:space"]["csl"]  # crossref: the book's title is inherited
    assert space_chapter["container-title"] == "Space and Beyond"
    assert space_chapter["title"].startswith("The True Frontier: Confronting")
    assert space_chapter["issued"] == {"date-parts": [[2000]]}
    assert items["knuth:ct"]["csl"]["issued"] == {"date-parts": [[1984], [1986]]}
    assert items["knuth:ct:a"]["csl"]["title"] == "The TeXbook"
    assert items["ctan"]["csl"]["accessed"] == {"date-parts": [[2006, 10, 1]]}
    assert items["aristotle:poetics"]["tags"] == ["primary"]
    assert items["vizedom:related"]["csl"]["custom"]["relatedtype"] == "translationof"


def test_biblatex_examples_duplicates_are_reported_not_dropped(lib, upload):
    space, api = lib
    body = upload(api, space, (DATA / "biblatex-examples.bib").read_bytes()).json_body
    assert body["imported"] + len(body["duplicates"]) == 92
    again = upload(api, space, (DATA / "biblatex-examples.bib").read_bytes()).json_body
    # two entries have no title, DOI or ISBN (an @xdata block, a @set): nothing to match on
    assert again["imported"] == 2
    assert len(again["duplicates"]) == 90
    assert {d["reason"] for d in again["duplicates"]} <= {"DOI", "ISBN", "title"}


BIBTEX_CORNERS = (
    "\ufeff% a BOM, CRLF line ends, comments and a preamble\r\n"
    "@comment{ignored}\r\n"
    '@preamble{"\\newcommand{\\noopsort}[1]{}"}\r\n'
    '@string{ssj = "Soc. Sol. J."}\r\n'
    "@STRING(ed = {Éditions } # {du Croquant})\r\n"
    "@article(parens,\r\n"
    "  author = {M{\\\"u}ller, J{\\'e}r{\\^o}me and\r\n"
    "    {Collectif pour une {\\'E}conomie Solidaire}},\r\n"
    "  title = {{SSE} and {VET}: \\emph{a} r\\'esum\\'e --- of 50\\% \\& more},\r\n"
    '  journal = ssj # ", " # "hors-série",\r\n'
    "  publisher = ed,\r\n"
    "  year = 2020, month = mar,\r\n"
    "  pages = {12--34}, keywords = {ESS; formation},\r\n"
    "  doi = {10.1000/x_y%z}, url = {https://example.org/a%20b?c=d&e=f},\r\n"
    "  foo-bar = {kept}\r\n"
    ")\r\n"
    '@book{braces, title = "The {\\LaTeX} companion", author = {van der Berg, Jr., Jan},\r\n'
    "  date = {2019-21/2020~}}\r\n"
)


def test_bibtex_corners(lib, upload):
    space, api = lib
    body = upload(api, space, BIBTEX_CORNERS.encode()).json_body
    assert body["imported"] == 2, body
    items = _by_key(api, space)
    csl = items["parens"]["csl"]
    assert csl["author"] == [
        {"family": "Müller", "given": "Jérôme"},
        {"literal": "Collectif pour une Économie Solidaire"},
    ]
    assert csl["title"] == "SSE and VET: a résumé — of 50% & more"
    assert csl["container-title"] == "Soc. Sol. J., hors-série"
    assert csl["publisher"] == "Éditions du Croquant"
    assert csl["issued"] == {"date-parts": [[2020, 3]]}
    assert csl["page"] == "12-34"
    assert csl["DOI"] == "10.1000/x_y%z"
    assert csl["URL"] == "https://example.org/a%20b?c=d&e=f"
    assert csl["custom"] == {"foo-bar": "kept"}
    assert items["parens"]["tags"] == ["ESS", "formation"]
    book = items["braces"]["csl"]
    assert book["title"] == "The LaTeX companion"
    assert book["author"] == [
        {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der", "suffix": "Jr."}
    ]
    assert book["issued"] == {"date-parts": [[2019], [2020]], "season": 1, "circa": True}


def test_crossref_cycles_terminate_quickly(lib, upload):
    space, api = lib
    chain = "".join(
        f"@inproceedings{{p{n}, title={{Paper {n}}}, crossref={{p{n + 1}}}}}\n" for n in range(300)
    )
    cycles = (
        "@book{a, title={A}, crossref={b}}\n@book{b, title={B}, crossref={a}, year=1999}\n"
        "@book{self, title={Self}, crossref={self}, xdata={self,a}}\n"
        f"{chain}@proceedings{{p300, title={{Proceedings}}, crossref={{p0}}, year=2001}}\n"
    )
    started = time.monotonic()
    body = upload(api, space, cycles.encode(), keep_duplicates="true").json_body
    assert time.monotonic() - started < 5
    assert body["imported"] == 304
    items = _by_key(api, space)
    assert items["a"]["csl"]["issued"] == {"date-parts": [[1999]]}
    assert items["p299"]["csl"]["container-title"] == "Proceedings"


def test_bad_entries_are_skipped_with_reasons(lib, upload):
    space, api = lib
    text = (
        "@book{good, title={Good}}\n"
        "@book{macro, title = undefinedmacro}\n"
        "@book{good, title={Same key}}\n"
        "@book{broken, title={unclosed\n"
        "@book{after, title={After}}\n"
    )
    body = upload(api, space, text.encode()).json_body
    assert body["imported"] == 2
    reasons = {s["key"]: s["reason"] for s in body["skipped"]}
    assert "Undefined @string macro `undefinedmacro`" in reasons["macro"]
    assert "Duplicate entry key 'good'" in reasons["good"]
    assert any("line 4" in r for r in reasons.values())


@pytest.mark.parametrize(
    "content, file_format, status, reason",
    [
        (b"", "auto", 422, "empty"),
        (b"just some words", "auto", 422, "Could not recognise the format"),
        (b"@book{broken, title={never closed", "bibtex", 422, "Not a valid BibTeX file"),
        (b'[{"type": "book", "title": "x"', "csljson", 422, "Not valid JSON (line 1"),
        (b'{"type": "book"', "auto", 422, "Not valid JSON"),
        (b"TI  - no type line\nER  - \n", "ris", 422, "Not a RIS file"),
        (b"@book{a, title={x}}", "endnote", 422, "Unknown format"),
        (b"\xff\xfe\x00garbage", "csljson", 422, "Not valid JSON"),
    ],
)
def test_malformed_files_import_nothing(lib, upload, content, file_format, status, reason):
    space, api = lib
    response = upload(api, space, content, file_format)
    assert response.status_code == status
    assert reason in response.json_body["detail"]
    assert _items(api, space)["total"] == 0
    assert _items(api, space)["version"] == 0


def test_size_and_entry_limits(lib, upload, monkeypatch):
    space, api = lib
    monkeypatch.setattr("ruche.library.api.MAX_FILE_BYTES", 100)
    too_big = upload(api, space, b"@book{a, title={x}}\n" * 10)
    assert too_big.status_code == 413
    assert "larger than the limit" in too_big.json_body["detail"]
    monkeypatch.setattr("ruche.library.bibtex.MAX_ENTRIES", 3)
    four = "".join(f"@book{{k{n}, title={{T{n}}}}}\n" for n in range(4))
    too_many = upload(api, space, four.encode(), "bibtex")
    assert too_many.status_code == 413
    assert "Too many entries" in too_many.json_body["detail"]


def test_rispy_corpus(lib, upload):
    space, api = lib
    for name, count in [("example_full", 2), ("example_full_without_whitespace", 2),
                        ("example_extraneous_data", 2), ("example_multiline", 3),
                        ("example_bom", 1), ("example_utf_chars", 1),
                        ("example_multi_unknown_tags", 1), ("example_starting_newlines", 1),
                        ("example_empty_tag", 1)]:  # fmt: skip
        data = (DATA / "rispy" / f"{name}.ris").read_bytes()
        body = upload(api, space, data, name=f"{name}.ris", keep_duplicates="true").json_body
        assert (body["imported"], body["skipped"]) == (count, []), name
    items = _items(api, space, q="Title of reference")["items"]
    full = next(i for i in items if i["csl"]["title"] == "Title of reference")
    assert full["csl"]["author"][0] == {"family": "Marx", "given": "Karl"}
    assert full["csl"]["editor"] == [{"family": "Glattauer", "given": "Daniel"}]
    assert {"Pippi", "Nordwind", "Piraten"} <= set(full["tags"])
    assert full["csl"]["issued"]["date-parts"][0][0] == 2014
    bom = _items(api, space, q="s40981")["items"][0]
    assert bom["csl"]["DOI"] == "10.1186/s40981-020-0316-0"
    shannon = _items(api, space, q="Mathematical Theory")["items"]
    extra = [i["csl"].get("custom", {}).get("ris-extra") for i in shannon]
    assert ["JP", "CRISPR"] in [pair for e in extra if e for pair in e]


def test_ris_variants_and_notes(lib, upload):
    space, api = lib
    text = (
        "TY - BOOK\r\nAU - Caire, Gilles\r\nAU - RIPESS Europe\r\nTI - Economie\r\n  solidaire\r\n"
        "PY - 2019///\r\nSN - 978-2-13-079950-1\r\nN1 - Lu <ensemble>\r\nZZ - kept\r\nER -\r\n"
    )
    body = upload(api, space, text.encode(), name="refs.ris").json_body
    item = _items(api, space)["items"][0]
    assert body["imported"] == 1
    assert item["csl"]["title"] == "Economie solidaire"
    assert item["csl"]["author"][1] == {"literal": "RIPESS Europe"}
    assert item["csl"]["ISBN"] == "978-2-13-079950-1"
    assert item["notes"][0]["html"] == "<p>Lu &lt;ensemble&gt;</p>"
    assert item["csl"]["custom"] == {"ris-extra": [["ZZ", "kept"]]}


def test_csljson_import_skips_invalid_items(lib, upload):
    space, api = lib
    text = (
        '[{"id": "ok", "type": "report", "title": "Rapport", "keyword": "ESS, VET",'
        ' "issued": {"date-parts": [["2020", "3"]]}},'
        ' {"id": "bad", "type": "novel"}, "not an object"]'
    )
    body = upload(api, space, text.encode(), name="items.json").json_body
    assert body["imported"] == 1
    assert [(s["index"], s["key"]) for s in body["skipped"]] == [(1, "bad"), (2, "")]
    item = _items(api, space)["items"][0]
    assert item["key"] == "ok"
    assert item["tags"] == ["ESS", "VET"]
    assert item["csl"]["issued"] == {"date-parts": [[2020, 3]]}


def test_duplicates_by_doi_isbn_and_title(lib, upload):
    space, api = lib
    api.post(f"/spaces/{space.id}/library/items", [
        {"type": "article-journal", "title": "One", "DOI": "10.1/ABC"},
        {"type": "book", "title": "Two", "ISBN": "978-2-13-079950-1"},
        {"type": "book", "title": "Économie  Solidaire!", "issued": {"date-parts": [[2019]]},
         "author": [{"family": "Caire", "given": "G."}]},
    ])  # fmt: skip
    text = (
        "@article{d, title={Other title}, doi={https://doi.org/10.1/abc}}\n"
        "@book{i, title={Other}, isbn={9782130799501}}\n"
        "@book{t, title={economie solidaire}, author={Caire, Gilles}, year=2019}\n"
        "@book{new, title={New}}\n@book{new2, title={New}}\n"
    )
    body = upload(api, space, text.encode()).json_body
    assert body["imported"] == 1
    assert [(d["key"], d["reason"]) for d in body["duplicates"]] == [
        ("d", "DOI"),
        ("i", "ISBN"),
        ("t", "title"),
        ("new2", "title"),
    ]


def test_observer_cannot_import(cohort, api_as, upload):
    space, people = cohort
    response = upload(api_as(people["observer"]), space, b"@book{a, title={x}}")
    assert response.status_code == 403


def test_string_macro_loops_are_refused_quickly(lib, upload):
    space, api = lib
    text = "@string{a = b # a}\n@string{b = a}\n@book{loop, title = a}\n@book{ok, title={Fine}}\n"
    started = time.monotonic()
    body = upload(api, space, text.encode()).json_body
    assert time.monotonic() - started < 5
    assert body["imported"] == 1
    assert body["skipped"][0]["key"] == "loop"
    assert "loop" in body["skipped"][0]["reason"]
