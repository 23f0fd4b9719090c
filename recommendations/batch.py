"""Bulk writing: the write path's follow-ups done once for a whole batch.

Every change through ``recommendations.services`` also retires cached figures
(``cache.bump``), marks its agency's tallies out of date (``tallies.touch``) and, when
backdated, retires what was worked out for past days (``intervals.past_changed``). For
one partner's update that is right; for a loader writing a few thousand backdated
entries in one transaction (the demo) it was most of the work. Inside ``batched()``
those calls are noted instead, and each is made once, with everything noted, as the
block ends: still inside the caller's transaction, so the record and the retirement
of what it changes still commit together.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction


@dataclass
class Pending:
    bumps: set[str] = field(default_factory=set)
    agencies: set[int] = field(default_factory=set)
    all_agencies: bool = False
    # The earliest day from whose end the intervals changed, if any did.
    past_changed: date | None = None


_pending: ContextVar[Pending | None] = ContextVar("batch_pending", default=None)


def pending() -> Pending | None:
    """What the current batch has noted, or None outside a batch."""
    return _pending.get()


@contextmanager
def batched() -> Iterator[None]:
    """Defer the follow-ups of every change made in the block to its end. Use it
    inside the transaction that makes the changes; nested batches join the outer one."""
    if _pending.get() is not None:
        yield
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("batched() must run inside the transaction that makes the changes")
    noted = Pending()
    token = _pending.set(noted)
    try:
        yield
    finally:
        _pending.reset(token)
    # Only when the block succeeded: on an error the transaction rolls back anyway.
    from recommendations import cache, intervals, tallies

    if noted.past_changed is not None:
        intervals.past_changed(noted.past_changed)
    if noted.all_agencies:
        tallies.touch_all()
    elif noted.agencies:
        tallies.touch(noted.agencies)
    for kind in (cache.HISTORY, cache.CURRENT):
        if kind in noted.bumps:
            cache.bump(kind)
            break
