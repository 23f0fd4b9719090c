"""The voice of children, young people and families on each action (issue 14, item 3):
recorded through the write path, on the timeline and the state intervals, counted on the
dashboard as at any day, and a filter."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from recommendations import reporting, services, tallies
from recommendations.models import Update, UpdateKind

pytestmark = pytest.mark.django_db


def record(action, person, voice="children", note="A youth panel reviewed the new referral leaflet."):
    action.refresh_from_db()
    return services.action_record_voice(
        action=action, by=person, voice=voice, note=note, expected_version=action.version
    )


def test_recording_it_writes_a_timeline_entry_and_moves_the_intervals_and_figures(contributor, action):
    update = record(action, contributor)
    action.refresh_from_db()
    assert (update.kind, update.voice, action.voice) == (UpdateKind.VOICE, "children", "children")
    assert action.voice_note == "A youth panel reviewed the new referral leaflet."
    voice_intervals = [s.voice for s in action.states.order_by("valid_from")]
    assert voice_intervals[-2:] == ["", "children"]
    live = tallies.today().summary.totals
    assert (live["voice"], live["voice_pct"]) == (1, 100)
    assert tallies.differences() == []
    yesterday = reporting.Moment(day=timezone.localdate() - datetime.timedelta(days=1), is_past=True)
    assert reporting.summarise(reporting.action_states(yesterday), yesterday).totals["voice"] == 0


def test_saying_how_is_required_when_their_views_shaped_it_and_bad_input_changes_nothing(contributor, action):
    for voice, note, message in (
        ("children", "  ", "Say how their views shaped the action"),
        ("invented", "x", "Select whether their views shaped this action"),
        ("families", "x" * 1001, "1000 characters or fewer"),
    ):
        with pytest.raises(ValidationError, match=message):
            record(action, contributor, voice=voice, note=note)
    assert not Update.objects.filter(kind=UpdateKind.VOICE).exists()
    # Saying their views did not shape it needs no words.
    record(action, contributor, voice="none", note="")
    assert tallies.today().summary.totals["voice"] == 0


def test_only_the_agency_records_it(outsider, oversight, action):
    for person in (outsider, oversight):
        with pytest.raises(PermissionDenied):
            record(action, person)


def test_the_form_warns_saves_and_the_filter_finds_it(
    client, contributor, lead, action, django_assert_max_num_queries
):
    client.force_login(contributor)
    url = reverse("action_voice", args=[action.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url).content.decode()
    assert "never about anyone who took part" in page
    bad = client.post(url, {"version": action.version, "voice": "co_produced", "note": ""})
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()
    client.post(
        url, {"version": action.version, "voice": "co_produced", "note": "Designed with a parents' forum."}
    )
    action.refresh_from_db()
    assert action.voice == "co_produced"
    detail = client.get(action.get_absolute_url()).content.decode()
    assert "Designed with children, young people or families" in detail
    client.force_login(lead)
    listed = client.get(reverse("action_list"), {"voice": "yes"})
    assert [a.pk for a in listed.context["page"].object_list] == [action.pk]
    assert list(client.get(reverse("action_list"), {"voice": "no"}).context["page"].object_list) == []
    dashboard = " ".join(re.sub(r"<[^>]+>", " ", client.get(reverse("dashboard")).content.decode()).split())
    assert "100% of actions (1) were shaped by the views of children" in dashboard
