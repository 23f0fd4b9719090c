"""The path past one machine: storage chosen by settings, and stateless app servers."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_evidence_storage_is_switched_by_settings_alone(tmp_path):
    """The setting an operator uses to move evidence to object storage, with the
    file-system backend standing in for S3."""
    code = (
        "import django; django.setup();"
        "from recommendations.models import Evidence;"
        "from django.core.files.base import ContentFile;"
        "s = Evidence._meta.get_field('file').storage;"
        "name = s.save('probe.txt', ContentFile(b'x'));"
        "from tests.deployment.stand_in_storage import StandInObjectStorage as S;"
        "print(type(s).__name__, name in S.saved, s.location)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "assurance.settings",
        "EVIDENCE_STORAGE_BACKEND": "tests.deployment.stand_in_storage.StandInObjectStorage",
        "EVIDENCE_STORAGE_OPTIONS": json.dumps({"location": str(tmp_path / "bucket")}),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["StandInObjectStorage", "True", str(tmp_path / "bucket")]
    assert (tmp_path / "bucket" / "probe.txt").read_bytes() == b"x"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.django_db(transaction=True)
def test_two_app_servers_behind_one_database_serve_one_journey(tmp_path, demo_snapshot):
    """Sign in on one gunicorn, log progress on a second, read it back on the first:
    sessions, data and cache all live in the database, so any server serves anyone."""
    if connection.vendor != "postgresql":
        pytest.skip("two server processes need a shared database server: runs in the PostgreSQL pass of CI")
    import requests
    from django.contrib.auth.hashers import Argon2PasswordHasher

    from agencies.models import User
    from recommendations.models import Action

    demo_snapshot.restore()
    # The servers check passwords with the production hashers, not the tests' fast one.
    argon2 = Argon2PasswordHasher()
    User.objects.filter(username="bolton.contributor").update(
        password=argon2.encode("demo-password", argon2.salt())
    )
    action = Action.objects.overdue().filter(agency__slug="bolton").first()
    settings_dict = connection.settings_dict
    # The host may be a socket's folder (CI connects through /var/run/postgresql): quoted.
    host = quote(settings_dict["HOST"] or "127.0.0.1", safe="")
    url = f"postgres://{settings_dict['USER']}@{host}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "False",
        "SECRET_KEY": "two-servers-" + "k" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "False",
        "SECURE_COOKIES": "False",
        "EVIDENCE_ROOT": str(tmp_path / "evidence"),
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    # Production settings serve hashed static files, as a deployment would after collectstatic.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "assurance.wsgi",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        for port in ports
    ]
    try:
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base in (a, b):
            for _ in range(100):
                try:
                    if requests.get(f"{base}/ping", timeout=1).ok:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
        session = requests.Session()
        login = session.get(f"{a}/accounts/login/")
        # Static files are kept by their hashed names only (WHITENOISE_KEEP_ONLY_HASHED_FILES):
        # every one the page names is served.
        assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', login.text)
        assert any(asset.endswith(".css") for asset in assets), assets
        for asset in assets:
            assert session.get(f"{b}{asset}").status_code == 200, asset
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        session.post(
            f"{a}/accounts/login/",
            data={
                "csrfmiddlewaretoken": token,
                "username": "bolton.contributor",
                "password": "demo-password",
            },
            headers={"Referer": f"{a}/accounts/login/"},
        )
        form = session.get(f"{b}/actions/{action.pk}/progress/")
        assert form.status_code == 200, "the session made on server A is known to server B"
        fields = dict(
            re.findall(r'name="(csrfmiddlewaretoken|version|form_token)" value="([^"]*)"', form.text)
        )
        saved = session.post(
            f"{b}/actions/{action.pk}/progress/",
            data={
                **fields,
                "narrative": "Logged through the second server.",
                "confidence": "green",
                "percent_complete": "70",
            },
            headers={"Referer": f"{b}/actions/{action.pk}/progress/"},
        )
        assert saved.status_code == 200 and saved.url.endswith(f"/actions/{action.pk}/")
        assert "Logged through the second server." in session.get(f"{a}/actions/{action.pk}/").text
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
