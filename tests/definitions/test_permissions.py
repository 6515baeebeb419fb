"""Who may do what: outsiders see nothing (404), observers read after the reveal but never
write or vote (403), guests take part only where the space lets guests edit, and steering
the process is for facilitators."""

import pytest

from ruche.spaces.models import Space
from tests.definitions.conftest import ok


def _amend(api, pid):
    body = {"passage": "of people", "replacement": "of persons", "rationale": "Shorter."}
    return api.post(f"/definitions/{pid}/amendments", body)


def test_outsiders_get_404_everywhere(world, api_as, process, walk):
    pid = process()["id"]
    walk({"id": pid}, "amendments")
    aid = ok(_amend(api_as(world.ana), pid), 201)["id"]
    tom = api_as(world.tom)
    for path in ("", "/mine", "/individual", "/ideas", "/amendments", "/provenance"):
        assert tom.get(f"/definitions/{pid}{path}").status_code == 404
    assert tom.get(f"/spaces/{world.paris.id}/definitions").status_code == 404
    assert tom.post(f"/spaces/{world.paris.id}/definitions", {"term": "x"}).status_code == 404
    for path in ("/advance", "/reveal", "/adoption", "/adopt", "/ideas/group"):
        assert tom.post(f"/definitions/{pid}{path}").status_code == 404
    assert tom.put(f"/definitions/{pid}/mine", {"text": "x"}).status_code == 404
    assert _amend(tom, pid).status_code == 404
    assert tom.get(f"/amendments/{aid}").status_code == 404
    assert tom.post(f"/amendments/{aid}/support", {"stance": "support"}).status_code == 404
    assert tom.post(f"/amendments/{aid}/settle", {"accept": True}).status_code == 404
    assert api_as(world.lead).get("/definitions/not-a-uuid").status_code == 404
    assert api_as(None).get(f"/definitions/{pid}").status_code == 401


def test_observers_read_but_never_write(world, api_as, process, walk):
    pid = process()["id"]
    olga = api_as(world.olga)
    assert olga.put(f"/definitions/{pid}/mine", {"text": "Mine."}).status_code == 403
    document = walk({"id": pid}, "draft")
    assert ok(olga.get(f"/definitions/{pid}"))["may"] == {"take_part": False, "facilitate": False}
    assert len(ok(olga.get(f"/definitions/{pid}/individual"))) == 2
    card_id = ok(olga.get(f"/definitions/{pid}/ideas"))[0]["card_id"]
    assert olga.post(f"/definitions/{pid}/ideas/{card_id}/included", {}).status_code == 403
    ok(api_as(world.lead).post(f"/definitions/{pid}/advance"))
    assert _amend(olga, pid).status_code == 403
    aid = ok(_amend(api_as(world.ana), pid), 201)["id"]
    assert olga.post(f"/amendments/{aid}/support", {"stance": "support"}).status_code == 403
    assert olga.post(f"/amendments/{aid}/settle", {"accept": True}).status_code == 403
    assert olga.post(f"/definitions/{pid}/advance").status_code == 403
    assert document["pad_id"]


def test_participants_do_not_steer(world, api_as, process, walk):
    ana = api_as(world.ana)
    assert ana.post(f"/spaces/{world.paris.id}/definitions", {"term": "VET"}).status_code == 403
    pid = process()["id"]
    ok(ana.put(f"/definitions/{pid}/mine", {"text": "Mine."}))
    for path in ("/reveal", "/advance", "/adoption", "/adopt"):
        assert ana.post(f"/definitions/{pid}{path}", {}).status_code == 403
    assert ana.patch(f"/definitions/{pid}", {"term": "VET"}).status_code == 403
    walk({"id": pid}, "amendments")
    aid = ok(_amend(api_as(world.ben), pid), 201)["id"]
    assert ana.post(f"/amendments/{aid}/settle", {"accept": True}).status_code == 403
    assert ana.post(f"/amendments/{aid}/decision", {}).status_code == 403


@pytest.mark.parametrize("guests_can_edit", [False, True])
def test_guests_take_part_only_where_the_space_lets_them(world, api_as, process, guests_can_edit):
    Space.objects.filter(pk=world.paris.pk).update(guests_can_edit=guests_can_edit)
    pid = process()["id"]
    response = api_as(world.gus).put(f"/definitions/{pid}/mine", {"text": "A guest's view."})
    assert response.status_code == (200 if guests_can_edit else 403)


def test_steps_refuse_writes_out_of_turn(world, api_as, process, walk):
    lead, ana = api_as(world.lead), api_as(world.ana)
    pid = process()["id"]
    assert _amend(ana, pid).status_code == 409
    assert lead.post(f"/definitions/{pid}/ideas/vote").status_code == 409
    walk({"id": pid}, "ideas")
    card_id = ok(ana.get(f"/definitions/{pid}/ideas"))[0]["card_id"]
    assert ana.post(f"/definitions/{pid}/ideas/{card_id}/included", {}).status_code == 409
    assert ana.put(f"/definitions/{pid}/mine", {"text": "Late."}).status_code == 409
    assert lead.patch(f"/definitions/{pid}", {"anonymity": "full"}).status_code == 409


def test_bad_input_is_refused_and_nothing_is_written(world, api_as, process):
    lead = api_as(world.lead)
    space = f"/spaces/{world.paris.id}/definitions"
    assert lead.post(space, {"term": "  "}).status_code == 422
    assert lead.post(space, {"term": "SSE", "language": "xx"}).status_code == 422
    assert lead.post(space, {"term": "SSE", "anonymity": "secret"}).status_code == 422
    assert lead.post(space, {"term": "SSE", "dots_per_participant": 0}).status_code == 422
    bad_link = {"term": "SSE", "references": [{"url": "javascript:alert(1)"}]}
    assert lead.post(space, bad_link).status_code == 422
    assert ok(lead.get(space)) == []
    pid = process(references=[{"url": "https://www.ess-france.org", "title": "ESS France"}])["id"]
    assert ok(lead.get(f"/definitions/{pid}"))["references"][0]["title"] == "ESS France"
    ana = api_as(world.ana)
    assert ana.put(f"/definitions/{pid}/mine", {"text": " "}).status_code == 422
    assert ana.put(f"/definitions/{pid}/mine", {"text": "x" * 5001}).status_code == 422
    patched = ok(lead.patch(f"/definitions/{pid}", {"term": "VET", "language": "fr"}))
    assert (patched["term"], patched["language"]) == ("VET", "fr")
