"""Figures that cannot change are cached; any change that could alter them retires them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from recommendations import services
from recommendations.models import Action, Status, Update
from tests.factories import ActionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.caching]


def test_the_public_summary_is_cached_and_refreshed_by_the_next_update(
    client, contributor, agency, django_assert_max_num_queries
):
    action = ActionFactory(agency=agency, status=Status.NOT_STARTED)
    first = client.get(reverse("public_summary")).context["totals"]
    assert first["not_started"] == 1
    with django_assert_max_num_queries(3):  # the version and the cached figures: none worked out
        assert client.get(reverse("public_summary")).context["totals"] == first

    services.progress_log(
        action=action,
        by=contributor,
        narrative="Started.",
        confidence="green",
        percent_complete=5,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
    )

    after = client.get(reverse("public_summary")).context["totals"]
    assert (after["not_started"], after["in_progress"]) == (0, 1)


def test_a_past_days_dashboard_is_worked_out_once(client, oversight, agency, django_assert_max_num_queries):
    ActionFactory.create_batch(3, agency=agency, created_at=timezone.now() - timedelta(days=60))
    client.force_login(oversight)
    url = reverse("dashboard") + f"?as_at={(timezone.localdate() - timedelta(days=10)).isoformat()}"
    with django_assert_max_num_queries(60) as cold:
        client.get(url)
    with django_assert_max_num_queries(len(cold.captured_queries) - 10):
        warm = client.get(url)
    assert warm.status_code == 200
    assert ">3<" in warm.content.decode()


def test_archiving_in_the_admin_leaves_past_figures_and_takes_the_action_out_of_todays(
    admin_client, oversight, client, agency
):
    actions = ActionFactory.create_batch(2, agency=agency, created_at=timezone.now() - timedelta(days=60))
    client.force_login(oversight)
    day = (timezone.localdate() - timedelta(days=10)).isoformat()
    past = reverse("dashboard") + f"?as_at={day}"
    assert client.get(past).context["totals"]["total"] == 2
    assert client.get(reverse("dashboard")).context["totals"]["total"] == 2

    admin_client.post(
        reverse("admin:recommendations_action_changelist"),
        {"action": "archive_selected", "_selected_action": [actions[0].pk]},
    )

    # Archiving is an entry on the timeline: ten days ago the action was live, and
    # that figure never changes; from today it is out.
    assert Update.objects.filter(action=actions[0], kind="archive").count() == 1
    assert client.get(past).context["totals"]["total"] == 2
    assert client.get(reverse("dashboard")).context["totals"]["total"] == 1


def test_todays_dashboard_is_kept_until_the_next_update(client, oversight, contributor, agency):
    action, other = ActionFactory.create_batch(2, agency=agency, status=Status.NOT_STARTED)
    client.force_login(oversight)
    assert client.get(reverse("dashboard")).context["totals"]["in_progress"] == 0

    # Written behind the app's back (a bulk update fires no signal): not seen yet.
    Action.objects.filter(pk=other.pk).update(status=Status.IN_PROGRESS)
    assert client.get(reverse("dashboard")).context["totals"]["in_progress"] == 0

    services.progress_log(
        action=action,
        by=contributor,
        narrative="Started.",
        confidence="green",
        percent_complete=5,
        status_to=Status.IN_PROGRESS,
        expected_version=None,
    )  # a real change retires the figures
    assert client.get(reverse("dashboard")).context["totals"]["in_progress"] == 2
