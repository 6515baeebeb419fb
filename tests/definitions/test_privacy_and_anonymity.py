"""Individual definitions stay private until the reveal (API, pages, provenance), and the
anonymity setting holds everywhere once they are shown."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from tests.definitions.conftest import ANA, BEN, ok

SECRET = "A secret sentence about solidarity by Ana"


def page_as(user, path):
    client = Client()
    assert client.login(email=user.email, password=PASSWORD)
    return client.get(path)


def test_nobody_reads_another_definition_before_the_reveal(world, api_as, process):
    pid = process()["id"]
    ok(api_as(world.ana).put(f"/definitions/{pid}/mine", {"text": SECRET}))
    ok(api_as(world.ben).put(f"/definitions/{pid}/mine", {"text": BEN}))
    for person in (world.lead, world.ben, world.olga):
        api = api_as(person)
        for path in ("", "/individual", "/ideas", "/amendments", "/provenance", "/mine"):
            response = api.get(f"/definitions/{pid}{path}")
            assert response.status_code == 200
            assert SECRET not in response.content.decode(), (person, path)
        for path in (f"/definitions/{pid}/", f"/definitions/{pid}/provenance/"):
            html = page_as(person, path).content.decode()
            assert SECRET not in html and "secret sentence" not in html
    assert SECRET in page_as(world.ana, f"/definitions/{pid}/").content.decode()
    ok(api_as(world.lead).post(f"/definitions/{pid}/reveal"))
    assert SECRET in page_as(world.olga, f"/definitions/{pid}/").content.decode()
    assert SECRET in api_as(world.ben).get(f"/definitions/{pid}/individual").content.decode()


def test_the_reveal_needs_a_definition(world, api_as, process):
    pid = process()["id"]
    assert api_as(world.lead).post(f"/definitions/{pid}/reveal").status_code == 409
    assert api_as(world.lead).post(f"/definitions/{pid}/advance").status_code == 409


@pytest.mark.parametrize(
    ("anonymity", "participant_sees", "facilitator_sees"),
    [("none", True, True), ("collection", False, True), ("full", False, False)],
)
def test_anonymity_of_definitions_and_ideas(
    world, api_as, process, walk, anonymity, participant_sees, facilitator_sees
):
    pid = process(anonymity=anonymity)["id"]
    walk({"id": pid}, "ideas")
    for person, sees in ((world.ben, participant_sees), (world.lead, facilitator_sees)):
        api = api_as(person)
        others = [d for d in ok(api.get(f"/definitions/{pid}/individual")) if d["text"] == ANA]
        assert (others[0]["author"] == "Ana Participant") is sees
        ideas = ok(api.get(f"/definitions/{pid}/ideas"))
        assert any(i["author"] == "Ana Participant" for i in ideas) is sees
        chain = api.get(f"/definitions/{pid}/provenance").content.decode()
        assert ("Ana Participant" in chain) is sees
        # The board itself is fully anonymous under any anonymity of the process: its cards
        # are the definitions' words, so naming their authors there would undo it.
        board_id = ok(api.get(f"/definitions/{pid}"))["board_id"]
        board = ok(api.get(f"/boards/{board_id}"))
        named_on_board = anonymity == "none"
        assert any(c["author"] == "Ana Participant" for c in board["cards"]) is named_on_board
        board_credits = ok(api.get(f"/credits/board/{board_id}"))
        assert ("Ana Participant" in str(board_credits)) is named_on_board
        assert all(i["definition_id"] is None for i in ideas) is not sees
    # one's own definition is always one's own
    mine = ok(api_as(world.ana).get(f"/definitions/{pid}/mine"))
    assert mine["mine"] and mine["text"] == ANA


def test_the_provenance_export_keeps_privacy_and_anonymity(world, api_as, process):
    pid = process(anonymity="collection")["id"]
    ok(api_as(world.ana).put(f"/definitions/{pid}/mine", {"text": SECRET}))
    before = page_as(world.ben, f"/definitions/{pid}/provenance.md")
    assert before.status_code == 200 and before["Content-Type"].startswith("text/markdown")
    assert SECRET not in before.content.decode()
    assert page_as(world.tom, f"/definitions/{pid}/provenance.md").status_code == 404
    ok(api_as(world.lead).post(f"/definitions/{pid}/reveal"))
    after = page_as(world.ben, f"/definitions/{pid}/provenance.md").content.decode()
    assert SECRET in after and "Ana Participant" not in after
    assert (
        "Ana Participant"
        in page_as(world.lead, f"/definitions/{pid}/provenance.md").content.decode()
    )
