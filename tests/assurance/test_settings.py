"""The settings refuse to start in a state an operator would regret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="assurance.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts_when_debug_is_off():
    result = load_settings(SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_debug_is_off_unless_asked():
    result = load_settings(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("value", ["true", "1", "yes", "on", "TRUE "])
def test_it_rejects_a_debug_value_that_is_not_true_or_false(value):
    result = load_settings(DEBUG=value, SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DEBUG must be True or False" in result.stderr


def test_development_mode_starts_without_a_secret_key():
    result = load_settings(DEBUG="True")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_it_uses_postgresql_when_database_url_is_set_and_sqlite_when_empty():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    base.update(DJANGO_SETTINGS_MODULE="assurance.settings", SECRET_KEY="x" * 50, ALLOWED_HOSTS="a")
    for url, engine in [
        ("postgres://u@127.0.0.1:5432/x", "django.db.backends.postgresql"),
        ("", "django.db.backends.sqlite3"),
    ]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**base, "DATABASE_URL": url},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == engine


def test_times_are_shown_in_london_and_stored_in_utc(settings):
    assert settings.TIME_ZONE == "Europe/London"
    assert settings.USE_TZ is True
