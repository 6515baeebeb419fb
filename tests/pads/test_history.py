"""Versions, diff, restore and authorship of pads, through the HTTP API, with updates
written as real Yjs clients (pycrdt documents with their own client ids) would send them."""

import pytest
from pycrdt import Doc, XmlElement, XmlFragment, XmlText

from ruche.realtime.attribution import text_clients
from ruche.realtime.richtext import state_read, tree_text
from ruche.realtime.services import document_apply_update, document_state


class Writer:
    """A person's editor: a Yjs document with its own client id, synced from the store."""

    def __init__(self, pad, user, client_id):
        self.pad, self.user = pad, user
        self.doc = Doc(client_id=client_id)
        self.fragment = self.doc.get("default", type=XmlFragment)

    def pull(self):
        self.doc.apply_update(document_state(room=self.pad.room))

    def edit(self, change):
        self.pull()
        before = self.doc.get_state()
        change(self.fragment)
        document_apply_update(
            room=self.pad.room, update=self.doc.get_update(before), author=self.user
        )


def paragraph(text):
    return XmlElement("paragraph", contents=[XmlText(text)])


@pytest.fixture
def setup(make_user, make_space, api_as):
    ana, bo, eve, obs = (make_user(n) for n in ("Ana", "Bo", "Eve", "Obs"))
    group = make_space(
        "community", members={ana: "facilitator", bo: "participant", obs: "observer"}
    )
    make_space("community", members={eve: "facilitator"})
    pad_id = api_as(ana).post(f"/spaces/{group.id}/pads", {"title": "Notes"}).json_body["id"]
    from ruche.pads.models import Pad

    pad = Pad.objects.get(pk=pad_id)
    return {
        "pad": pad, "ana": ana, "bo": bo, "eve": eve, "obs": obs, "api": api_as,
        "a": Writer(pad, ana, 1001), "b": Writer(pad, bo, 2002),
    }  # fmt: skip


def text_of(pad):
    return tree_text(state_read(document_state(room=pad.room)))


def test_authorship_per_person_with_accents_emoji_and_cjk(setup):
    s = setup
    s["a"].edit(lambda f: f.children.append(paragraph("Héllo 😀 ")))
    s["b"].edit(lambda f: f.children[0].children[0].insert(len("Héllo 😀 ".encode()), "中文 wörld"))
    body = s["api"](s["bo"]).get(f"/pads/{s['pad'].id}/authorship").json_body
    block = body["blocks"][0]
    assert block["text"] == "Héllo 😀 中文 wörld"
    ana, bo = s["ana"].pk, s["bo"].pk
    # UTF-16 offsets: the emoji counts two units, as in the browser
    assert block["ranges"] == [
        {"start": 0, "end": 9, "author": ana},
        {"start": 9, "end": 17, "author": bo},
    ]
    counts = {a["name"]: a["characters"] for a in body["authors"]}
    assert counts == {"Ana": 8, "Bo": 8}


def test_attribution_decoder_agrees_with_yjs_ordering_under_concurrency():
    docs = [Doc(client_id=c) for c in (9, 3, 700)]
    frags = [d.get("default", type=XmlFragment) for d in docs]
    frags[0].children.append(paragraph("base"))
    for d in docs[1:]:
        d.apply_update(docs[0].get_update())
    for n, frag in enumerate(frags):  # three concurrent inserts at the same place
        frag.children[0].children[0].insert(2, f"<{n}é😀>")
    for a in docs:
        for b in docs:
            b.apply_update(a.get_update(b.get_state()))
    expected = str(frags[0].children[0].children[0])
    [recovered] = text_clients(docs[0].get_update())
    assert "".join(c for c, _ in recovered) == expected
    assert {client for _, client in recovered} == {9, 3, 700}


def test_named_version_view_diff_and_restore(setup):
    s = setup
    api = s["api"](s["ana"])
    url = f"/pads/{s['pad'].id}"
    s["a"].edit(lambda f: f.children.append(paragraph("Before the field visit.")))
    created = api.post(f"{url}/versions", {"label": "before the field visit"})
    assert created.status_code == 201
    vid = created.json_body["id"]
    s["b"].edit(lambda f: f.children.append(paragraph("We met the cooperative.")))
    v2 = api.post(f"{url}/versions", {"label": "after"}).json_body["id"]
    s["a"].edit(lambda f: f.children[0].children[0].__delitem__(slice(0, 7)))
    between = api.get(f"{url}/diff?from={vid}&to={v2}").json_body
    assert [c["op"] for c in between["changes"] if c["op"] != "equal"] == ["insert"]
    assert between["deleted"] == 0 and "cooperative" in between["changes"][-1]["text"]

    version = api.get(f"{url}/versions/{vid}").json_body
    assert version["text"] == "Before the field visit."
    assert "<p>Before the field visit.</p>" in version["html"]

    diff = api.get(f"{url}/diff?from={vid}&to=current").json_body
    inserted = [c for c in diff["changes"] if c["op"] == "insert"]
    deleted = [c for c in diff["changes"] if c["op"] == "delete"]
    assert any("cooperative" in c["text"] and c["author"]["name"] == "Bo" for c in inserted)
    assert any("Before" in c["text"] and c["author"]["name"] == "Ana" for c in deleted)

    restored = s["api"](s["bo"]).post(f"{url}/versions/{vid}/restore")
    assert restored.status_code == 201
    assert restored.json_body["kind"] == "restore"
    assert text_of(s["pad"]) == "Before the field visit."
    kinds = [v["kind"] for v in api.get(f"{url}/versions").json_body]
    assert "named" in kinds and "restore" in kinds
    # history is not rewritten: the state before the restore is still a version
    before = next(v for v in api.get(f"{url}/versions").json_body if v["kind"] == "restore")
    assert "cooperative" in api.get(f"{url}/versions/{before['id']}").json_body["text"]


def test_restore_keeps_authors_of_unchanged_blocks(setup):
    s = setup
    url = f"/pads/{s['pad'].id}"
    s["a"].edit(lambda f: f.children.append(paragraph("Ana's line")))
    vid = s["api"](s["ana"]).post(f"{url}/versions", {"label": "v1"}).json_body["id"]
    s["b"].edit(lambda f: f.children.append(paragraph("Bo's line")))
    s["api"](s["bo"]).post(f"{url}/versions/{vid}/restore")
    body = s["api"](s["ana"]).get(f"{url}/authorship").json_body
    assert [b["text"] for b in body["blocks"]] == ["Ana's line"]
    assert body["blocks"][0]["ranges"][0]["author"] == s["ana"].pk


def test_refusals(setup):
    s = setup
    url = f"/pads/{s['pad'].id}"
    s["a"].edit(lambda f: f.children.append(paragraph("x")))
    vid = s["api"](s["ana"]).post(f"{url}/versions", {"label": "v"}).json_body["id"]
    observer, outsider = s["api"](s["obs"]), s["api"](s["eve"])
    assert observer.get(f"{url}/versions").status_code == 200
    assert observer.post(f"{url}/versions", {"label": "x"}).status_code == 403
    assert observer.post(f"{url}/versions/{vid}/restore").status_code == 403
    assert outsider.get(f"{url}/versions").status_code == 404
    assert outsider.get(f"{url}/authorship").status_code == 404
    assert outsider.get(f"{url}/diff?from={vid}").status_code == 404
    assert s["api"](None).get(f"{url}/versions").status_code == 401
    ana = s["api"](s["ana"])
    assert ana.post(f"{url}/versions", {"label": "  "}).status_code == 422
    assert ana.get(f"{url}/versions/00000000-0000-0000-0000-000000000000").status_code == 404
    assert ana.get(f"{url}/diff?from=nope").status_code == 404


def test_authorship_survives_compaction_of_the_log(setup):
    from ruche.realtime.models import DocumentUpdate
    from ruche.realtime.store import compact_room

    s = setup
    s["a"].edit(lambda f: f.children.append(paragraph("Ana first. ")))
    s["b"].edit(lambda f: f.children[0].children[0].insert(len(b"Ana first. "), "Bo next."))
    s["a"].edit(lambda f: f.children[0].children[0].__delitem__(slice(0, 4)))
    assert compact_room(s["pad"].room) is not None
    assert not DocumentUpdate.objects.filter(room=s["pad"].room).exists()
    body = s["api"](s["ana"]).get(f"/pads/{s['pad'].id}/authorship").json_body
    assert body["blocks"][0]["text"] == "first. Bo next."
    owners = [(r["start"], r["end"], r["author"]) for r in body["blocks"][0]["ranges"]]
    assert owners == [(0, 7, s["ana"].pk), (7, 15, s["bo"].pk)]
