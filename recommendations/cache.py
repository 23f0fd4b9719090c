"""Caching of figures that cannot have changed.

The timeline is append-only and every update is stamped with the time it is written,
so figures "as at" a past day never change when partners log progress. Only
administrative changes (archiving, editing records in the admin, imports) can alter
the past; they bump the HISTORY version, which retires every cached past figure.
Every change at all bumps the CURRENT version, which retires cached current figures
such as the public summary. Versions live in the shared cache (the database cache by
default), so every app server sees the same ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache as once

import django
from django.apps import apps
from django.core.cache import cache
from django.db import transaction

from recommendations import batch

HISTORY = "history"
CURRENT = "current"
TIMEOUT = 60 * 60 * 24 * 7


def _version_key(kind: str) -> str:
    return f"figures:version:{kind}"


def version(kind: str) -> int:
    value = cache.get(_version_key(kind))
    if value is None:
        cache.add(_version_key(kind), 1, timeout=None)
        value = cache.get(_version_key(kind)) or 1
    return value


def bump(kind: str) -> None:
    """Retire cached figures of ``kind`` (HISTORY retires CURRENT too).

    Bumped now and again when the transaction commits: with the database cache the
    first bump commits (or rolls back) with the change itself; with a cache outside
    the database, the second stops a figure computed mid-transaction from lingering.
    Inside ``batch.batched()`` it is noted and made once as the batch ends.
    """
    if (noted := batch.pending()) is not None:
        noted.bumps.add(kind)
        return

    def do() -> None:
        for k in [HISTORY, CURRENT] if kind == HISTORY else [CURRENT]:
            try:
                # A savepoint, so that a cache failure cannot poison the caller's transaction.
                with transaction.atomic():
                    cache.incr(_version_key(k))
            except ValueError:
                cache.set(_version_key(k), 2, timeout=None)

    do()
    transaction.on_commit(do)


@once
def schema() -> str:
    """A short fingerprint of Django's version and every model's fields: a deploy that
    changes either never reads figures cached by the code before it."""
    shape = [django.get_version()] + sorted(
        f"{model._meta.label}:{','.join(f.name for f in model._meta.concrete_fields)}"
        for model in apps.get_models()
    )
    return hashlib.sha256("|".join(shape).encode()).hexdigest()[:12]


def cached[T](kind: str, key: str, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """``compute()``'s value, reused until the data of ``kind`` changes (or the code's
    models do: the key carries their fingerprint)."""
    # The version is read once, before computing: a figure worked out while a change
    # retired the version it started from is filed under that old version, never the new.
    full_key = f"figures:{schema()}:{kind}:{version(kind)}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout)
    return value
