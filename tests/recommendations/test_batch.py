"""Bulk writing: inside ``batch.batched()`` the write path's follow-ups (retiring cached
figures, marking tallies out of date, retiring past figures) are made once, as the
batch ends, inside the same transaction; outside it, after every change as before."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from recommendations import batch, cache, intervals, tallies
from recommendations.models import TallyState
from tests.recommendations.test_intervals import START, Team, make_move

pytestmark = [pytest.mark.django_db, pytest.mark.caching]


def versions() -> dict[int, int]:
    return dict(TallyState.objects.values_list("agency_id", "version"))


def test_a_batch_retires_once_at_its_end_what_each_change_would_have():
    teams = [Team(), Team()]
    actions = [team.new_action(datetime.date(2025, 6, 30)) for team in teams]
    tallies.touch_all()
    tallies.refresh()
    before = (versions(), intervals.generation(), cache.version(cache.HISTORY), cache.version(cache.CURRENT))

    with transaction.atomic():
        with batch.batched():
            for step, (team, action) in enumerate(zip(teams * 2, actions * 2, strict=True)):
                make_move(
                    team,
                    action,
                    "start" if step < 2 else "progress",
                    40,
                    START + datetime.timedelta(days=step),
                )
            # Nothing retired yet: all of it is noted.
            assert versions() == before[0]
            assert intervals.generation() == before[1]
            assert cache.version(cache.HISTORY) == before[2]
            noted = batch.pending()
            assert noted.agencies == {t.agency.pk for t in teams}
            assert noted.past_changed and noted.bumps == {cache.HISTORY}
        # As the batch ends, still inside the transaction: each once.
        assert versions() == {a: v + 1 for a, v in before[0].items()}
        assert intervals.generation() == before[1] + 1
    assert batch.pending() is None
    assert cache.version(cache.HISTORY) > before[2]
    assert cache.version(cache.CURRENT) > before[3]
    # And what the tallies count then is what a count from scratch says.
    tallies.refresh()
    assert tallies.differences() == []


def test_a_failed_batch_retires_nothing_and_keeps_nothing():
    team = Team()
    action = team.new_action(datetime.date(2025, 6, 30))
    generation = intervals.generation()
    with pytest.raises(RuntimeError, match="stop"), transaction.atomic(), batch.batched():
        make_move(team, action, "start", 10, START)
        raise RuntimeError("stop")
    assert batch.pending() is None
    assert intervals.generation() == generation
    assert not action.updates.exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError, match="inside the transaction"), batch.batched():
        pass
