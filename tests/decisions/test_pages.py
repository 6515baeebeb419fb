"""Decision pages: the list and its form, a decision with its forms, refusals and French."""

import re

import pytest
from django.test import Client

from ruche.decisions.models import Decision, Position


@pytest.fixture
def browser(world):
    def login(person):
        client = Client()
        client.force_login(person)
        return client

    return login


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_open_and_closed_decisions_and_opens_a_new_one(world, browser, consent):
    closed = consent(question="Adopt the glossary format?")
    consent(question="Meet in Toulouse?")
    Decision.objects.filter(pk=closed["id"]).update(outcome="Adopted")
    from ruche.decisions import services

    services.decision_close(actor=world.lead, decision_id=closed["id"], outcome="Adopted")
    ana = browser(world.ana)
    url = f"/spaces/{world.paris.id}/decisions/"

    page = _page(ana, url)
    response = ana.post(url, {
        "question": "Which day for the visit?", "process": "poll", "poll_kind": "single",
        "options": "Monday\nTuesday\n", "participants": "members",
    })  # fmt: skip

    open_part, closed_part = page.split('id="closed-title"')
    assert "Meet in Toulouse?" in open_part and "Adopt the glossary format?" in closed_part
    assert 'name="question"' in page and "Open a decision" in page
    assert response.status_code == 302
    created = Decision.objects.get(question="Which day for the visit?")
    assert response["Location"] == f"/decisions/{created.pk}/"
    assert [o.label for o in created.options.all()] == ["Monday", "Tuesday"]


def test_the_create_form_explains_refusals(world, browser):
    response = browser(world.ana).post(f"/spaces/{world.paris.id}/decisions/", {
        "question": "Which day?", "process": "poll", "poll_kind": "single", "options": "Only",
        "participants": "members",
    })  # fmt: skip

    assert response.status_code == 200
    assert "between 2 and 50 different options" in response.content.decode()


def test_a_time_poll_from_the_form_reads_slots_in_the_persons_time_zone(world, browser):
    world.ana.time_zone = "Europe/Paris"
    world.ana.save()
    browser(world.ana).post(f"/spaces/{world.paris.id}/decisions/", {
        "question": "When?", "process": "time_poll", "slots": "2030-03-14 09:30-12:30",
        "participants": "members",
    })  # fmt: skip

    slot = Decision.objects.get(question="When?").options.get()
    assert slot.starts_at.isoformat() == "2030-03-14T08:30:00+00:00"
    assert slot.ends_at.isoformat() == "2030-03-14T11:30:00+00:00"


def test_observers_and_guests_do_not_get_the_form(world, browser):
    for person in (world.olga, world.gus):
        page = _page(browser(person), f"/spaces/{world.paris.id}/decisions/")
        assert "Open a decision" not in page


def test_a_decision_page_offers_the_four_positions_and_records_one(world, browser, consent):
    decision = consent(context="<p>The definition drafted on 12 March.</p>")
    url = f"/decisions/{decision['id']}/"
    ana = browser(world.ana)

    page = _page(ana, url)
    for stance in ("agree", "abstain", "disagree", "block"):
        assert f'id="stance-{stance}"' in page and f'for="stance-{stance}"' in page
    assert "The definition drafted on 12 March." in page
    assert 'aria-describedby="reason-help"' in page
    assert "decisions/decisions.js" in page and "<script>" not in page

    response = ana.post(f"{url}position/", {"position": "disagree", "reason": "Too abstract"})

    assert response.status_code == 302 and response["Location"] == url
    page = _page(ana, url)
    assert "Your position is recorded." in page
    assert "Ana Participant" in page and "Too abstract" in page


def test_a_block_without_reason_is_refused_on_the_page_too(world, browser, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/"

    ana = browser(world.ana)
    response = ana.post(f"{url}position/", {"position": "block", "reason": ""})

    assert response.status_code == 302
    assert "A block must give its reason." in _page(ana, url)
    assert not Position.objects.exists()


def test_facilitators_see_who_has_not_taken_part_and_remind_them(world, browser, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/"
    lead = browser(world.lead)

    page = _page(lead, url)
    lead.post(f"{url}remind/")
    after = _page(lead, url)

    assert "Not taken part yet" in page and "Ben Participant" in page
    assert "Remind them" in page and "Close with an outcome" in page
    assert "4 people were reminded." in after
    assert "Not taken part yet" not in _page(browser(world.ana), url)


def test_revising_and_closing_from_the_page(world, browser, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/"
    browser(world.ana).post(f"{url}position/", {"position": "agree", "reason": "Yes"})
    lead = browser(world.lead)

    lead.post(f"{url}revise/", {"question": "Adopt it, revised?", "context": "New text",
                                "note": "Clearer"})  # fmt: skip
    revised = _page(lead, url)
    lead.post(f"{url}close/", {"outcome": "Adopted with its revision."})
    closed = _page(browser(world.ben), url)

    assert "Revision 2" in revised and "Revision 1" in revised and "Clearer" in revised
    assert "on revision 1" in revised
    assert "Adopted with its revision." in closed and "Recorded by Lea Facilitator" in closed
    assert "Record my position" not in closed and "Close with an outcome" not in closed


def test_revising_without_touching_the_context_keeps_its_links(world, browser, consent):
    decision = consent(context='<p>See <a href="https://ripess.eu">RIPESS</a>.</p>')
    url = f"/decisions/{decision['id']}/"
    lead = browser(world.lead)
    assert ">See RIPESS.</textarea>" in _page(lead, url)

    lead.post(f"{url}revise/", {"question": "Adopt it?", "context": "See RIPESS.", "note": ""})
    lead.post(f"{url}revise/", {"question": "Adopt it?", "context": "New <b>text</b>"})

    first, second, third = Decision.objects.get(pk=decision["id"]).revisions.all()
    assert second.context == first.context and 'href="https://ripess.eu"' in second.context
    assert third.context == "<p>New &lt;b&gt;text&lt;/b&gt;</p>"


def test_participants_cannot_close_or_revise_from_pages(world, browser, consent):
    decision = consent()
    url = f"/decisions/{decision['id']}/"
    ben = browser(world.ben)

    assert ben.post(f"{url}close/", {"outcome": "Mine"}).status_code == 403
    assert ben.post(f"{url}revise/", {"question": "Mine?"}).status_code == 403
    assert browser(world.olga).post(f"{url}position/", {"position": "agree"}).status_code == 403
    assert "Revise the proposal" not in _page(ben, url)


def test_another_cohort_gets_404_pages(world, browser, consent):
    decision = consent()
    tom = browser(world.tom)

    assert tom.get(f"/decisions/{decision['id']}/").status_code == 404
    assert tom.get(f"/spaces/{world.paris.id}/decisions/").status_code == 404
    assert tom.get(f"/decisions/{decision['id']}/export/md/").status_code == 404


def test_the_login_comes_first(consent, world):
    decision = consent()

    response = Client().get(f"/decisions/{decision['id']}/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_results_refresh_with_htmx_while_open_and_hide_when_asked(world, browser, consent):
    shown, hidden = consent(), consent(results_hidden=True)
    ana = browser(world.ana)
    for decision in (shown, hidden):
        ana.post(f"/decisions/{decision['id']}/position/", {"position": "agree", "reason": "ok"})

    fragment = _page(ana, f"/decisions/{shown['id']}/results/")
    hidden_page = _page(browser(world.lead), f"/decisions/{hidden['id']}/")

    assert fragment.lstrip().startswith('<section id="results"')
    assert f'hx-get="/decisions/{shown["id"]}/results/"' in fragment
    assert "Consent: nobody blocks." in fragment
    assert "Results are hidden until the decision closes" in hidden_page
    assert "Consent: nobody blocks." not in hidden_page
    assert f'hx-get="/decisions/{hidden["id"]}/results/"' not in hidden_page


def test_anonymous_decision_pages_name_nobody(world, browser, consent):
    decision = consent(anonymous=True)
    url = f"/decisions/{decision['id']}/"
    browser(world.ana).post(f"{url}position/", {"position": "block", "reason": "Not yet"})

    page = _page(browser(world.lead), url)

    assert "Not yet" in page and "Ana Participant" not in page
    assert "ana@example.org" not in page


@pytest.mark.parametrize(
    ("kind", "fields", "expected"),
    [
        ("single", lambda ids: {"choice": ids[0]}, {"choices": 0}),
        ("multiple", lambda ids: {"choices": [ids[0], ids[1]]}, {"choices": 2}),
        ("score", lambda ids: {f"score-{ids[0]}": "4", f"score-{ids[1]}": ""}, {"scores": 1}),
        ("ranked", lambda ids: {f"rank-{ids[1]}": "1", f"rank-{ids[0]}": "2"}, {"ranking": 2}),
        ("dots", lambda ids: {f"dots-{ids[0]}": "2"}, {"dots": 1}),
    ],
)
def test_each_kind_of_poll_votes_from_its_page(world, browser, poll, kind, fields, expected):
    decision = poll(kind, options=["One", "Two"], dots_per_person=3)
    ids = [o["id"] for o in decision["options"]]
    url = f"/decisions/{decision['id']}/"
    ana = browser(world.ana)
    assert "Vote" in _page(ana, url)

    ana.post(f"{url}vote/", fields(ids))

    vote = Decision.objects.get(pk=decision["id"]).votes.get()
    key, size = next(iter(expected.items()))
    assert key in vote.ballot and (size == 0 or len(vote.ballot[key]) == size)
    if kind == "ranked":
        assert vote.ballot["ranking"] == [ids[1], ids[0]]


def test_a_dot_vote_over_the_limit_is_explained(world, browser, poll):
    decision = poll("dots", options=["One", "Two"], dots_per_person=2)
    ids = [o["id"] for o in decision["options"]]
    url = f"/decisions/{decision['id']}/"
    ana = browser(world.ana)
    ana.post(f"{url}vote/", {f"dots-{ids[0]}": "2", f"dots-{ids[1]}": "1"})

    assert "You have 2 dots; this vote places 3." in _page(ana, url)


def test_exports_from_the_page(world, browser, consent):
    decision = consent()
    client = browser(world.ana)

    markdown = client.get(f"/decisions/{decision['id']}/export/md/")
    pdf = client.get(f"/decisions/{decision['id']}/export/pdf/")

    assert markdown.status_code == 200 and markdown.content.startswith(b"# Adopt")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"/decisions/{decision['id']}/export/docx/").status_code == 404


def test_the_pages_speak_french(world, browser, consent):
    world.ana.ui_language = "fr"
    world.ana.save()
    decision = consent()
    client = browser(world.ana)

    page = _page(client, f"/decisions/{decision['id']}/")
    listing = _page(client, f"/spaces/{world.paris.id}/decisions/")

    assert "Enregistrer ma position" in page and "Bloquer" in page
    assert "Proposition par consentement" in listing and "Ouvrir une décision" in listing
    assert not re.search(r"\bRecord my position\b", page)


def test_the_vote_form_comes_back_filled_with_my_vote(world, browser, poll):
    decision = poll("ranked", options=["One", "Two", "Three"])
    one, two, _three = (o["id"] for o in decision["options"])
    url = f"/decisions/{decision['id']}/"
    ana = browser(world.ana)
    ana.post(f"{url}vote/", {f"rank-{two}": "1", f"rank-{one}": "2"})

    page = _page(ana, url)

    assert f'name="rank-{two}" value="1"' in page and f'name="rank-{one}" value="2"' in page
    assert "Change my vote" in page


def test_the_list_and_the_page_say_when_my_part_is_awaited(world, browser, consent):
    decision = consent()
    ana, olga = browser(world.ana), browser(world.olga)
    listing = f"/spaces/{world.paris.id}/decisions/"

    before = _page(ana, listing), _page(ana, f"/decisions/{decision['id']}/")
    ana.post(f"/decisions/{decision['id']}/position/", {"position": "agree", "reason": ""})
    after = _page(ana, listing)

    assert "awaiting your part" in before[0] and "waiting for your part" in before[1]
    assert "awaiting your part" not in after
    assert "awaiting your part" not in _page(olga, listing)


def test_hostile_text_is_escaped_and_hostile_context_cleaned(world, browser, api_as):
    body = {
        "question": "<script>alert(1)</script>Adopt?", "process": "consent",
        "context": '<p onclick="x()">Read <a href="javascript:alert(1)">this</a></p>'
                   "<img src=x onerror=alert(1)><iframe src=//evil></iframe>",
    }  # fmt: skip
    decision = api_as(world.lead).post(f"/spaces/{world.paris.id}/decisions", body).json_body

    page = _page(browser(world.ana), f"/decisions/{decision['id']}/")

    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    for hostile in ("javascript:", "onclick", "onerror", "<iframe", "<img"):
        assert hostile not in decision["context"] and hostile not in page


def test_a_guest_who_may_not_take_part_is_told_so(world, browser, consent):
    world.paris.guests_can_edit = False
    world.paris.save()
    decision = consent()

    page = _page(browser(world.gus), f"/decisions/{decision['id']}/")

    assert "your role does not let you take part" in page and "Record my position" not in page


def test_a_closed_time_poll_offers_its_best_slot_to_the_cohort_schedule(world, browser, api_as):
    from ruche.cohorts.models import CohortSession

    from .test_polls import _slots

    decision = (
        api_as(world.lead)
        .post(
            f"/spaces/{world.paris.id}/decisions",
            {"question": "Visit day?", "process": "time_poll", "slots": _slots()},
        )
        .json_body
    )
    first, second = (o["id"] for o in decision["options"])
    api_as(world.ana).post(f"/decisions/{decision['id']}/votes", {"answers": {second: "yes"}})
    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "Day two."})
    url = f"/decisions/{decision['id']}/"
    lead = browser(world.lead)

    page = _page(lead, url)
    lead.post(f"{url}session/", {"option": second})

    assert f'<option value="{second}" selected>' in page
    assert "Add the chosen slot" not in _page(browser(world.ana), url)
    session = CohortSession.objects.get(title="Visit day?")
    assert session.starts_at.isoformat() == _slots()[1]["starts_at"]
    assert "A session of the cohort was created" in _page(lead, url)


def test_home_shows_when_open_decisions_close_to_their_space_only(world, browser, consent):
    decision = consent()

    home = _page(browser(world.ana), "/")
    elsewhere = _page(browser(world.tom), "/")

    assert f"/decisions/{decision['id']}/" in home and "Decision closes" in home
    assert f"/decisions/{decision['id']}/" not in elsewhere
