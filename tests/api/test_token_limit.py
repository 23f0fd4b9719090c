"""The most active tokens a person may hold (``API_MAX_TOKENS_PER_USER``) holds when
requests to make one arrive at the same time (issue 11)."""

import threading
import time
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from agencies.models import User
from api.models import ApiToken, RevokedReason
from api.services import token_create

LIMIT = 3
REQUESTS = 8


def make_tokens_at_once(user) -> tuple[int, int, list[BaseException]]:
    """``REQUESTS`` threads, each with its own database connection, ask for a token for
    ``user`` at the same moment; returns how many were made, how many were refused
    for the limit, and any other errors."""
    start = threading.Barrier(REQUESTS)
    made, refused, errors = [], [], []

    def ask(n: int) -> None:
        try:
            start.wait()
            token_create(user=user, name=f"Script {n}", expires_in_days=90)
            made.append(n)
        except ValidationError:
            refused.append(n)
        except BaseException as error:  # noqa: BLE001 (reported by the test, not lost in a thread)
            errors.append(error)
        finally:
            connections.close_all()

    original = ApiToken.full_clean

    def slow_full_clean(token, *args, **kwargs):
        # Widen the gap between counting the person's tokens and saving the new one, so
        # that requests which are not serialised are sure to overlap in it.
        time.sleep(0.2)
        return original(token, *args, **kwargs)

    with mock.patch.object(ApiToken, "full_clean", slow_full_clean):
        threads = [threading.Thread(target=ask, args=(n,)) for n in range(REQUESTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return len(made), len(refused), errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's test database is in memory with a shared cache, where a second "
    "connection's write transaction fails at once with 'database table is locked' "
    "instead of waiting, so concurrent requests cannot be simulated; the same test runs "
    "on PostgreSQL, where select_for_update is what is being tested.",
)
def test_requests_made_at_the_same_time_cannot_pass_the_limit(settings, contributor):
    settings.API_MAX_TOKENS_PER_USER = LIMIT

    made, refused, errors = make_tokens_at_once(contributor)

    assert errors == []
    assert (made, refused) == (LIMIT, REQUESTS - LIMIT)
    assert ApiToken.objects.filter(user=contributor).active().count() == LIMIT


@pytest.mark.django_db
def test_tokens_stopped_by_a_role_change_do_not_count_against_the_limit(settings, contributor):
    settings.API_MAX_TOKENS_PER_USER = 2
    for name in ("One", "Two"):
        token_create(user=contributor, name=name, expires_in_days=90)
    with pytest.raises(ValidationError, match="You already have 2 active tokens"):
        token_create(user=contributor, name="Three", expires_in_days=90)

    User.objects.filter(pk=contributor.pk).update(is_oversight=True)
    token, _ = token_create(user=contributor, name="Three", expires_in_days=90)

    assert set(
        ApiToken.objects.filter(revoked_reason=RevokedReason.ROLE_CHANGED).values_list("name", flat=True)
    ) == {
        "One",
        "Two",
    }
    assert list(ApiToken.objects.active()) == [token]
