"""``generate_scale`` writes synthetic national-scale history in bulk (COPY on
PostgreSQL): a small run must load on both engines, with intervals and tallies that
match its timelines. A column added without a database default once broke the COPY on
PostgreSQL only; this catches that kind of break in CI's PostgreSQL leg."""

from io import StringIO

import pytest
from django.core.management import call_command

from recommendations import intervals, tallies
from recommendations.models import Action, Update

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_small_synthetic_partnership_loads_and_its_figures_match_its_timelines():
    call_command(
        "generate_scale",
        "--agencies",
        "4",
        "--recommendations",
        "12",
        "--actions-per-recommendation",
        "2",
        "--updates-per-action",
        "3",
        "--today",
        "2026-11-25",
        stdout=StringIO(),
    )
    assert Action.objects.count() > 0 and Update.objects.count() > 0
    assert intervals.differences() == []
    tallies.today()
    assert tallies.differences() == []
