"""Closing by time, the `ruche decisions_close_due` and `ruche decisions_remind` commands, and
reminders from the facilitator's button."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ruche.decisions.models import Decision, Reminder
from ruche.spaces.models import Activity


def _expire(decision_id, minutes=5):
    Decision.objects.filter(pk=decision_id).update(
        closes_at=timezone.now() - timedelta(minutes=minutes)
    )


def _run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_a_decision_past_its_time_reads_closed_and_refuses_positions(world, api_as, consent):
    decision = consent()
    did = decision["id"]
    api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree"})
    _expire(did)

    body = api_as(world.ben).get(f"/decisions/{did}").json_body
    late = api_as(world.ben).post(
        f"/decisions/{did}/positions", {"position": "block", "reason": "r"}
    )

    assert body["status"] == "closed" and body["closed_by_time"] is True
    assert body["outcome"] is None and body["results"]["status"] == "consent"
    assert body["may"]["take_part"] is False
    assert late.status_code == 409
    assert api_as(world.lead).post(f"/decisions/{did}/revisions", {"note": "x"}).status_code == 409


def test_close_due_records_it_formally_and_the_facilitator_adds_the_outcome(world, api_as, consent):
    decision = consent(quorum=2)
    did = decision["id"]
    api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree"})
    _expire(did)

    output = _run("decisions_close_due")
    stored = Decision.objects.get(pk=did)
    api_as(world.ben).post(f"/decisions/{did}/positions", {"position": "block", "reason": "Late"})
    closed = api_as(world.lead).post(f"/decisions/{did}/close", {"outcome": "Not enough voices."})

    assert "1 decision(s) closed" in output and did in output
    assert stored.closed_at == stored.closes_at and stored.quorum_met is False
    assert stored.result["status"] == "consent"
    assert closed.status_code == 200
    assert closed.json_body["outcome"] == "Not enough voices."
    assert (
        closed.json_body["closed_at"]
        == api_as(world.ana).get(f"/decisions/{did}").json_body["closed_at"]
    )
    assert closed.json_body["results"]["counts"]["block"] == 0
    assert "0 decision(s) closed" in _run("decisions_close_due")


def test_closing_a_decision_past_its_time_dates_it_at_its_time(world, api_as, consent):
    decision = consent()
    _expire(decision["id"], minutes=60)

    api_as(world.lead).post(f"/decisions/{decision['id']}/close", {"outcome": "Done."})

    stored = Decision.objects.get(pk=decision["id"])
    assert stored.closed_at == stored.closes_at and stored.outcome_recorded_at > stored.closes_at


def test_the_reminder_button_reaches_those_who_have_not_taken_part_once_a_day(
    world, api_as, consent
):
    decision = consent()
    did = decision["id"]
    api_as(world.ana).post(f"/decisions/{did}/positions", {"position": "agree"})

    first = api_as(world.lead).post(f"/decisions/{did}/remind")
    second = api_as(world.lead).post(f"/decisions/{did}/remind")

    assert first.json_body == {"reminded": 3} and second.json_body == {"reminded": 0}
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ben@example.org", "cleo@example.org", "gus@example.org"]
    assert decision["question"] in mail.outbox[0].subject
    assert f"/decisions/{did}/" in mail.outbox[0].body
    feed = Activity.objects.filter(space=world.paris, verb="decision_reminded")
    assert feed.count() == 1 and feed.get().object_name == decision["question"]


def test_reminders_come_again_after_the_interval_and_speak_the_persons_language(
    world, api_as, consent
):
    world.ben.ui_language = "fr"
    world.ben.save()
    decision = consent()
    api_as(world.lead).post(f"/decisions/{decision['id']}/remind")
    Reminder.objects.update(sent_at=timezone.now() - timedelta(hours=25))
    mail.outbox.clear()

    again = api_as(world.lead).post(f"/decisions/{decision['id']}/remind")

    assert again.json_body == {"reminded": 4}
    to_ben = next(m for m in mail.outbox if m.to == ["ben@example.org"])
    assert "Bonjour Ben Participant" in to_ben.body


def test_the_remind_command_covers_decisions_closing_soon_only(world, api_as, consent):
    soon_decision = consent(closes_at=(timezone.now() + timedelta(hours=5)).isoformat())
    consent(closes_at=(timezone.now() + timedelta(days=5)).isoformat())

    output = _run("decisions_remind", "--within", "24")
    again = _run("decisions_remind", "--within", "24")

    assert "4 reminder(s) sent" in output and "0 reminder(s) sent" in again
    assert set(Reminder.objects.values_list("decision_id", flat=True)) == {
        Decision.objects.get(pk=soon_decision["id"]).pk
    }
    assert len(mail.outbox) == 4
