"""An agency's actions: the "our actions" list, the agency switcher, forged ids, and the
lead's changes to an action's owner and due date."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Status, Update
from tests.factories import (
    ActionFactory,
    InspectionFactory,
    MembershipFactory,
    RecommendationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def listed(response) -> list[int]:
    """The actions a page lists, in order (each row links to its action)."""
    assert response.status_code == 200
    ids = [int(pk) for pk in re.findall(r'href="/actions/(\d+)/"', response.content.decode())]
    return list(dict.fromkeys(ids))


def assert_refused(response, *messages):
    assert response.status_code == 400
    content = response.content.decode()
    assert "govuk-error-summary" in content and "There is a problem" in content
    for message in messages:
        assert message in content, message


# -- Forged ids ------------------------------------------------------------------------


def test_posting_progress_to_another_agencys_action_is_not_found_and_writes_nothing(
    client, contributor, other_action, progress_data, pdf_upload
):
    client.force_login(contributor)
    version = other_action.version

    response = client.post(
        reverse("action_progress", args=[other_action.pk]),
        progress_data(other_action, files=pdf_upload()),
    )

    assert response.status_code == 404
    assert not Update.objects.exists()
    other_action.refresh_from_db()
    assert other_action.version == version


def test_switching_to_an_agency_one_is_not_a_member_of_is_not_found_and_changes_nothing(
    client, contributor, agency, other_agency
):
    client.force_login(contributor)
    client.post(reverse("switch_agency"), {"agency": agency.pk})

    for forged in (other_agency.pk, 999_999, "GMP", ""):
        response = client.post(reverse("switch_agency"), {"agency": forged})
        assert response.status_code == 404, forged
        assert client.session["agency_id"] == agency.pk


def test_an_owner_from_another_agency_is_refused_and_the_owner_is_unchanged(
    client, lead, contributor, outsider, action
):
    action.owner = contributor
    action.save()
    client.force_login(lead)

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": action.version, "form_token": str(uuid.uuid4()), "owner": outsider.pk},
    )

    assert_refused(response, "Choose someone who works for the agency")
    action.refresh_from_db()
    assert action.owner == contributor
    assert not Update.objects.exists()
    assert str(outsider) not in client.get(reverse("action_owner", args=[action.pk])).content.decode()


# -- Owner -----------------------------------------------------------------------------


def test_a_lead_names_an_owner_and_the_change_goes_on_the_timeline(client, lead, contributor, action):
    client.force_login(lead)
    version = action.version

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": version, "form_token": str(uuid.uuid4()), "owner": contributor.pk},
        follow=True,
    )

    assert response.redirect_chain == [(action.get_absolute_url(), 302)]
    action.refresh_from_db()
    assert action.owner == contributor
    assert action.version == version + 1
    update = Update.objects.get(action=action)
    assert (update.kind, update.author) == ("owner", lead)
    assert update.narrative == f"Owner changed from nobody to {contributor}."
    content = response.content.decode()
    assert "Owner changed." in content
    assert f"Owner changed from nobody to {contributor}." in content


def test_a_lead_can_leave_an_action_without_an_owner(client, lead, contributor, action):
    action.owner = contributor
    action.save()
    client.force_login(lead)

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": action.version, "form_token": str(uuid.uuid4()), "owner": ""},
    )

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.owner is None
    assert Update.objects.get().narrative == f"Owner changed from {contributor} to nobody."


def test_a_stale_owner_form_is_refused(client, lead, contributor, action):
    client.force_login(lead)
    old_version = action.version
    services.progress_log(
        action=action,
        by=lead,
        narrative="Someone else's update.",
        confidence="green",
        percent_complete=50,
        expected_version=None,
    )

    response = client.post(
        reverse("action_owner", args=[action.pk]),
        {"version": old_version, "form_token": str(uuid.uuid4()), "owner": contributor.pk},
    )

    assert_refused(response, "This action changed while you were editing it", "Someone else&#x27;s update.")
    action.refresh_from_db()
    assert action.owner is None


# -- Due date --------------------------------------------------------------------------


def due_date_post(action, day, month, year, reason="The partners agreed a later start."):
    return {
        "version": action.version,
        "form_token": str(uuid.uuid4()),
        "due_date_day": day,
        "due_date_month": month,
        "due_date_year": year,
        "reason": reason,
    }


def test_the_due_date_page_offers_the_govuk_date_input(client, lead, action):
    client.force_login(lead)

    content = client.get(reverse("action_due_date", args=[action.pk])).content.decode()

    for part in ("day", "month", "year"):
        assert f'name="due_date_{part}"' in content


def test_a_lead_asks_for_a_new_due_date_and_the_timeline_shows_it(client, lead, action):
    client.force_login(lead)
    old = action.due_date

    response = client.post(
        reverse("action_due_date", args=[action.pk]), due_date_post(action, "30", "9", "2026"), follow=True
    )

    assert response.redirect_chain == [(action.get_absolute_url(), 302)]
    action.refresh_from_db()
    assert action.due_date == old  # until the GMCA assurance team approves
    update = Update.objects.get(action=action)
    assert (update.kind, update.requested_due_date, update.due_date_to) == (
        "extension_request",
        datetime.date(2026, 9, 30),
        None,
    )
    assert update.narrative == "The partners agreed a later start."
    content = " ".join(response.content.decode().split())
    assert "New due date asked for." in content
    assert "Asked to move the due date to 30 September 2026" in content
    assert "is waiting for the GMCA assurance team" in content
    assert "The partners agreed a later start." in content


@pytest.mark.parametrize(
    ("day", "month", "year", "reason", "message"),
    [
        ("30", "9", "2026", "", "Enter why the action needs more time"),
        ("30", "9", "2026", "   ", "Enter why the action needs more time"),
        (
            "1",
            "12",
            "2024",
            "Earlier",
            "The due date must be on or after the report was published, 13 December 2024",
        ),
        ("31", "2", "2026", "Later", "The new due date must be a real date"),
        ("1", "13", "2026", "Later", "The new due date must be a real date"),
        ("1", "6", "26", "Later", "The new due date must be a real date"),
        ("x", "6", "2026", "Later", "The new due date must be a real date"),
        ("1", "6", "", "Later", "The new due date must include a year"),
        ("", "6", "2026", "Later", "The new due date must include a day"),
        ("", "", "", "Later", "Enter the due date you are asking for"),
    ],
)
def test_a_bad_due_date_change_is_refused_and_changes_nothing(
    client, lead, action, day, month, year, reason, message
):
    client.force_login(lead)
    before = (action.due_date, action.version)

    response = client.post(
        reverse("action_due_date", args=[action.pk]), due_date_post(action, day, month, year, reason)
    )

    assert_refused(response, message)
    action.refresh_from_db()
    assert (action.due_date, action.version) == before
    assert not Update.objects.exists()


def test_asking_for_the_date_it_already_has_or_an_earlier_one_is_refused(client, lead, action):
    client.force_login(lead)
    due = action.due_date

    for day in (due, due - datetime.timedelta(days=1)):
        response = client.post(
            reverse("action_due_date", args=[action.pk]),
            due_date_post(action, str(day.day), str(day.month), str(day.year)),
        )
        assert_refused(response, f"Enter a date after the current due date, {due:%-d %B %Y}")
    assert not Update.objects.exists()


def test_a_contributor_cannot_change_the_owner_or_due_date_by_posting(client, contributor, action):
    client.force_login(contributor)

    owner = client.post(
        reverse("action_owner", args=[action.pk]), {"version": action.version, "owner": contributor.pk}
    )
    due = client.post(reverse("action_due_date", args=[action.pk]), due_date_post(action, "30", "9", "2026"))

    assert owner.status_code == due.status_code == 404
    assert not Update.objects.exists()


def test_only_a_lead_sees_the_links_to_change_the_owner_and_due_date(client, lead, contributor, action):
    owner_url = reverse("action_owner", args=[action.pk])
    client.force_login(lead)
    assert owner_url in client.get(action.get_absolute_url()).content.decode()
    client.force_login(contributor)
    content = client.get(action.get_absolute_url()).content.decode()
    assert owner_url not in content
    assert reverse("action_progress", args=[action.pk]) in content


# -- Our actions: filters, sorting, pagination ----------------------------------------


@pytest.fixture
def listing(agency, other_agency, contributor, lead):
    """Five actions of ``agency`` that differ in every filtered column, and one of another agency."""
    first = InspectionFactory(title="HMICFRS child protection inspection of GMP")
    second = InspectionFactory(title="CSE Assurance Review Part Four")
    online, workforce = ThemeFactory(name="Online CSE"), ThemeFactory(name="Workforce wellbeing")

    def make(reference, inspection, status, confidence, percent, due_in, **kwargs):
        themes = kwargs.pop("themes", [])
        recommendation = RecommendationFactory(
            inspection=inspection,
            reference=reference,
            wording=kwargs.pop("wording", "Make case-file audit tools consistent across partners."),
            themes=themes,
        )
        return ActionFactory(
            recommendation=recommendation,
            agency=kwargs.pop("agency", agency),
            status=status,
            confidence=confidence,
            percent_complete=percent,
            due_date=TODAY + datetime.timedelta(days=due_in),
            **kwargs,
        )

    actions = {
        "a": make(
            "REF-A1",
            first,
            "in_progress",
            "green",
            10,
            10,
            owner=contributor,
            themes=[online, workforce],
            wording="Train investigators in online child sexual exploitation.",
        ),
        "b": make("REF-B2", second, "not_started", "", 0, -5, owner=lead, themes=[workforce]),
        "c": make("REF-C3", first, "submitted", "amber", 100, -20),
        "d": make("REF-D4", first, "in_progress", "red", 50, 100),
        "e": make("REF-E5", first, "assured", "green", 100, 5),
    }
    elsewhere = make("REF-A1", second, "in_progress", "red", 10, 3, agency=other_agency, themes=[online])
    return {"actions": actions, "elsewhere": elsewhere, "first": first, "second": second, "online": online}


# Assured actions are listed only when the status filter asks for them.
EVERY_STATUS = "&".join(f"status={s}" for s in Status.values)


def ours(client, query=""):
    return client.get(reverse("our_actions") + query)


def ids(listing, *keys):
    return [listing["actions"][k].pk for k in keys]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Assured work is listed only when the status filter asks for it.
        ("", "cbad"),
        ("?status=assured", "e"),
        ("?status=assured&status=submitted", "ce"),
        ("?status=in_progress", "ad"),
        ("?status=in_progress&status=not_started", "bad"),
        ("?confidence=red", "d"),
        ("?confidence=green&confidence=amber", "ca"),
        ("?confidence=green&confidence=amber&status=assured&status=submitted&status=in_progress", "cea"),
        ("?due=overdue", "b"),
        ("?due=30", "a"),
        ("?q=REF-C3", "c"),
        ("?q=ref-c", "c"),
        ("?q=online+child+sexual", "a"),
        ("?q=nothing+like+this", ""),
        ("?status=in_progress&confidence=green", "a"),
    ],
)
def test_our_actions_filter_from_the_query_string(client, contributor, listing, query, expected):
    client.force_login(contributor)
    assert listed(ours(client, query)) == ids(listing, *expected)


def test_our_actions_filter_by_report(client, contributor, listing):
    client.force_login(contributor)
    assert listed(ours(client, f"?inspection={listing['second'].pk}")) == ids(listing, "b")


def test_our_actions_filter_by_theme_lists_an_action_with_two_themes_once(client, contributor, listing):
    client.force_login(contributor)
    response = ours(client, f"?theme={listing['online'].pk}")
    assert listed(response) == ids(listing, "a")
    assert "1 action match" in response.content.decode()  # "1 action matches your filters"

    workforce = listing["actions"]["b"].recommendation.themes.get()
    assert listed(ours(client, f"?theme={workforce.pk}")) == ids(listing, "b", "a")


def test_our_actions_filter_by_owner(client, contributor, lead, listing):
    client.force_login(contributor)
    assert listed(ours(client, f"?owner={contributor.pk}")) == ids(listing, "a")
    assert listed(ours(client, f"?owner={lead.pk}")) == ids(listing, "b")


def test_our_actions_never_list_another_agencys_actions(client, contributor, outsider, listing):
    client.force_login(contributor)
    assert listing["elsewhere"].pk not in listed(ours(client, "?q=REF-A1"))

    client.force_login(outsider)
    assert listed(ours(client)) == [listing["elsewhere"].pk]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("reference", "abcde"),
        ("-reference", "edcba"),
        ("due", "cbead"),
        ("-due", "daebc"),
        # Status sorts in workflow order; confidence worst first, "none yet" last.
        ("status", "badce"),
        ("-status", "ecadb"),
        ("confidence", "dcaeb"),
        ("-confidence", "baecd"),
        ("percent", "badce"),
        ("-percent", "cedab"),
    ],
)
def test_our_actions_sort_by_each_column_both_ways(client, contributor, listing, sort, expected):
    client.force_login(contributor)
    assert listed(ours(client, f"?sort={sort}&{EVERY_STATUS}")) == ids(listing, *expected)


def test_a_sorted_filtered_list_keeps_its_sort_when_the_filters_are_applied_again(
    client, contributor, listing
):
    client.force_login(contributor)

    response = ours(client, "?status=in_progress&sort=-percent")

    assert listed(response) == ids(listing, "d", "a")
    assert 'name="sort" value="-percent"' in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?status=bogus",
        "?confidence=purple",
        "?due=tomorrow",
        "?sort=wording",
        "?owner=999999",
        "?inspection=abc",
    ],
)
def test_an_unknown_filter_value_is_ignored_with_a_message(client, contributor, listing, query):
    client.force_login(contributor)

    response = ours(client, query)

    assert response.status_code == 200
    assert "Some filters were not recognised and have been ignored." in response.content.decode()
    # Everything but the assured action (listed only when the status filter asks for it).
    assert sorted(listed(response)) == sorted(ids(listing, *("abcde" if "status" in query else "abcd")))


def test_an_owner_from_another_agency_is_not_offered_or_accepted_as_a_filter(
    client, contributor, outsider, listing
):
    client.force_login(contributor)
    response = ours(client, f"?owner={outsider.pk}")
    assert "Some filters were not recognised" in response.content.decode()
    assert str(outsider) not in response.content.decode()


@pytest.fixture
def thirty_actions(agency):
    # All due the same day, so the order within the day comes from the tie-break alone.
    due = TODAY + datetime.timedelta(days=60)
    return [ActionFactory(agency=agency, status="in_progress", due_date=due).pk for _ in range(30)]


def test_our_actions_are_paginated_25_a_page_with_a_stable_order(client, contributor, thirty_actions):
    client.force_login(contributor)

    first, second = listed(ours(client)), listed(ours(client, "?page=2"))

    assert len(first) == 25
    assert len(second) == 5
    assert first + second == sorted(thirty_actions)
    assert listed(ours(client, "?page=999")) == second
    assert listed(ours(client, "?page=abc")) == first
    assert "Page 2 of 2" in ours(client, "?page=2").content.decode()


def test_pagination_keeps_the_filters_in_its_links(client, contributor, thirty_actions):
    client.force_login(contributor)
    content = ours(client, "?status=in_progress").content.decode()
    assert "?status=in_progress&amp;page=2" in content


# -- The agency switcher ---------------------------------------------------------------


def test_a_person_in_two_agencies_switches_between_their_lists(client, agency, other_agency):
    person = UserFactory()
    MembershipFactory(user=person, agency=agency)
    MembershipFactory(user=person, agency=other_agency, lead=True)
    ours_action = ActionFactory(agency=agency)
    theirs_action = ActionFactory(agency=other_agency)
    client.force_login(person)

    before = ours(client)
    assert 'action="/actions/switch-agency/"' in before.content.decode()
    assert listed(before) == [ours_action.pk]

    response = client.post(reverse("switch_agency"), {"agency": other_agency.pk}, follow=True)

    assert listed(response) == [theirs_action.pk]
    assert "Rochdale Council" in response.content.decode()
    assert (
        reverse("action_owner", args=[theirs_action.pk])
        in client.get(theirs_action.get_absolute_url()).content.decode()
    )


def test_a_person_in_one_agency_sees_no_switcher(client, contributor, action):
    client.force_login(contributor)
    assert 'action="/actions/switch-agency/"' not in ours(client).content.decode()


def test_a_switch_to_an_agency_later_left_falls_back_to_a_remaining_one(client, agency, other_agency):
    person = UserFactory()
    MembershipFactory(user=person, agency=agency)
    left = MembershipFactory(user=person, agency=other_agency)
    mine = ActionFactory(agency=agency)
    client.force_login(person)
    client.post(reverse("switch_agency"), {"agency": other_agency.pk})
    left.delete()

    assert listed(ours(client)) == [mine.pk]


def test_the_overdue_tag_marks_only_open_actions_past_their_due_date(client, contributor, listing):
    client.force_login(contributor)
    content = ours(client, f"?sort=reference&{EVERY_STATUS}").content.decode()
    rows = content.split('class="govuk-table__row"')[2:]
    overdue = [("Overdue" in row) for row in rows]
    # REF-B2 is open and past due; REF-C3 is past due too, but submitted: the agency has done its part.
    assert overdue == [False, True, False, False, False]
