"""The board as a picture: an SVG image and a PDF, from the viewer's own view of the board."""

import io

from lxml import etree
from pypdf import PdfReader

SVG = "{http://www.w3.org/2000/svg}"


def _svg(api, board):
    response = api.get(f"/boards/{board['id']}/export?format=svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "attachment" in response["Content-Disposition"]
    return etree.fromstring(response.content)


def _texts(svg):
    return ["".join(t.itertext()) for t in svg.iter(f"{SVG}text")]


def test_the_svg_draws_every_column_with_its_cards_authors_and_colours(
    world, api_as, board, add_card
):
    b = board()
    add_card(world.ana, b, "Cooperation between members", column="Ideas", colour="#cde8ff")
    add_card(world.ben, b, "Who owns the result?", column="Questions")

    svg = _svg(api_as(world.ana), b)

    texts = _texts(svg)
    assert texts[0] == "What is SSE?"
    assert {"Ideas", "Questions"} <= set(texts)
    assert "Cooperation between members" in texts
    assert any("Ben Participant" in t for t in texts)
    fills = {r.get("fill") for r in svg.iter(f"{SVG}rect")}
    assert "#cde8ff" in fills


def test_long_cards_wrap_and_markup_in_a_card_stays_text(world, api_as, board, add_card):
    b = board()
    hostile = '<script>alert(1)</script><a href="javascript:x">x</a> ' + "solidarity " * 80
    add_card(world.ana, b, hostile, column="Ideas")

    response = api_as(world.ana).get(f"/boards/{b['id']}/export?format=svg")
    svg = etree.fromstring(response.content)

    assert not list(svg.iter(f"{SVG}script")) and not list(svg.iter(f"{SVG}a"))
    assert "default-src 'none'" in response["Content-Security-Policy"]
    lines = list(svg.iter(f"{SVG}tspan"))
    assert 2 < len(lines) <= 10 and lines[-1].text.endswith("…")
    assert lines[0].text.startswith("<script>")


def test_the_pdf_holds_the_sections_the_cards_and_the_credit_once_closed(
    world, api_as, board, add_card
):
    b = board()
    add_card(world.ana, b, "Democratic governance", column="Ideas")
    add_card(world.ben, b, "Local roots", column="Questions")
    api_as(world.lead).post(f"/boards/{b['id']}/phase", {"phase": "closed"})

    response = api_as(world.ben).get(f"/boards/{b['id']}/export?format=pdf")

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("What is SSE?", "Ideas", "Democratic governance", "Local roots"):
        assert expected in text
    assert "Written together by" in text and "Ana Participant" in text
    assert "CC BY-SA 4.0" in text and "Cite as" in text
    svg_text = " ".join(_texts(_svg(api_as(world.ben), b)))
    assert "Written together by" in svg_text and "CC BY-SA 4.0" in svg_text


def test_pictures_keep_authors_from_participants_under_anonymous_collection(
    world, api_as, board, add_card
):
    b = board(anonymity="collection")
    add_card(world.ana, b, "Profit is a means", column="Ideas")

    svg_text = " ".join(_texts(_svg(api_as(world.ben), b)))
    pdf = api_as(world.ben).get(f"/boards/{b['id']}/export?format=pdf").content
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)

    assert "Profit is a means" in svg_text and "Profit is a means" in pdf_text
    assert "Ana Participant" not in svg_text and "Ana Participant" not in pdf_text


def test_outsiders_get_no_picture(world, api_as, board):
    b = board()
    assert api_as(world.tom).get(f"/boards/{b['id']}/export?format=svg").status_code == 404
    assert api_as(world.tom).get(f"/boards/{b['id']}/export?format=pdf").status_code == 404
