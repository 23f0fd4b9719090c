"""The factories write behind the write path, so they derive what the write path would
keep: each action's state intervals and its agency's figures. ``derived_once()`` puts
that off to the end of a build; what it leaves must be what deriving after every write
leaves."""

import contextlib

import pytest
from django.db import transaction

from recommendations import intervals, tallies
from recommendations.models import ActionState, Status
from tests.factories import ActionFactory, EvidenceFactory, UpdateFactory, derived_once
from tests.recommendations import test_dashboard_views
from tests.recommendations.test_dashboard_views import build_partnership

pytestmark = pytest.mark.django_db


def stored_intervals() -> list[tuple]:
    """Every stored interval, without its keys (two builds make different rows)."""
    fields = [f.attname for f in ActionState._meta.concrete_fields if f.attname != "id" and not f.is_relation]
    return sorted(ActionState.objects.values_list(*fields))


def test_each_write_keeps_the_intervals_the_timeline_gives():
    action = ActionFactory()
    UpdateFactory(action=action, status_from=Status.NOT_STARTED, status_to=Status.IN_PROGRESS)

    assert ActionState.objects.filter(action=action).count() == 2
    assert intervals.differences() == []


def test_inside_derived_once_nothing_is_derived_until_the_block_ends():
    action = ActionFactory()
    tallies.today()  # the agency's figures counted and stored: up to date

    with derived_once():
        update = UpdateFactory(action=action, status_from=Status.NOT_STARTED, status_to=Status.IN_PROGRESS)
        with derived_once():  # an inner block leaves it to the outer one
            EvidenceFactory(update=update)
        assert ActionState.objects.filter(action=action).count() == 1  # as created

    assert ActionState.objects.filter(action=action).count() == 2
    assert intervals.differences() == []
    tallies.today()  # counts again only the agencies marked stale
    assert tallies.differences() == []


def test_a_build_derived_once_stores_what_deriving_after_each_write_stores(monkeypatch):
    def build() -> list[tuple]:
        with transaction.atomic():
            build_partnership(n_agencies=3, n_recommendations=3)
            rows = stored_intervals()
            assert intervals.differences() == []
            transaction.set_rollback(True)
        return rows

    once = build()  # build_partnership derives once
    # The same build, deriving after every write.
    monkeypatch.setattr(test_dashboard_views, "derived_once", contextlib.nullcontext)
    each = build()

    assert len(once) > 3 * 3  # nine actions, most with a history
    assert once == each
